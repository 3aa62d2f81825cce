package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** versions_valid.json, versions_invalid.json and version_order.json from pypa/packaging. */
class VersionVectorsTest {

  @TestFactory
  Stream<DynamicTest> validVersionsParseToTheirNormalizedParts() {
    return Vectors.elements(Vectors.read("versions_valid.json")).stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    "valid " + Vectors.label(c.get("input").asText()), () -> checkValid(c)));
  }

  private static void checkValid(JsonNode c) {
    Version v = Version.parse(c.get("input").asText());
    assertThat(v.toString()).isEqualTo(c.get("normalized").asText());
    assertThat(v.publicVersion().toString()).isEqualTo(c.get("public").asText());
    assertThat(v.baseVersion().toString()).isEqualTo(c.get("base_version").asText());
    assertThat(v.epoch()).isEqualTo(c.get("epoch").bigIntegerValue());
    List<BigInteger> release = new ArrayList<>();
    c.get("release").forEach(n -> release.add(n.bigIntegerValue()));
    assertThat(v.release()).isEqualTo(release);
    JsonNode pre = c.get("pre");
    if (pre.isNull()) {
      assertThat(v.pre()).isEmpty();
    } else {
      assertThat(v.pre())
          .contains(new Version.PreRelease(pre.get(0).asText(), pre.get(1).bigIntegerValue()));
    }
    assertThat(v.post().orElse(null))
        .isEqualTo(c.get("post").isNull() ? null : c.get("post").bigIntegerValue());
    assertThat(v.dev().orElse(null))
        .isEqualTo(c.get("dev").isNull() ? null : c.get("dev").bigIntegerValue());
    assertThat(v.local().orElse(null))
        .isEqualTo(c.get("local").isNull() ? null : c.get("local").asText());
    assertThat(v.isPrerelease()).isEqualTo(c.get("is_prerelease").asBoolean());
    assertThat(v.isPostrelease()).isEqualTo(c.get("is_postrelease").asBoolean());
    assertThat(v.isDevrelease()).isEqualTo(c.get("is_devrelease").asBoolean());
    // The normalized form parses back to an equal version.
    assertThat(Version.parse(v.toString())).isEqualTo(v).hasSameHashCodeAs(v);
  }

  @TestFactory
  Stream<DynamicTest> invalidVersionsAreRejectedNamingTheInput() {
    return Vectors.elements(Vectors.read("versions_invalid.json")).stream()
        .map(JsonNode::asText)
        .map(
            s ->
                DynamicTest.dynamicTest(
                    "invalid " + Vectors.label(s),
                    () -> {
                      assertThat(Version.tryParse(s)).isEmpty();
                      assertThatThrownBy(() -> Version.parse(s))
                          .isInstanceOf(InvalidVersionException.class)
                          .hasMessageContaining("'" + s + "'");
                    }));
  }

  @TestFactory
  Stream<DynamicTest> orderedVersionsCompareStrictlyAscending() {
    List<String> order = new ArrayList<>();
    Vectors.read("version_order.json").forEach(n -> order.add(n.asText()));
    return IntStream.range(0, order.size())
        .mapToObj(
            i ->
                DynamicTest.dynamicTest(
                    "order " + order.get(i),
                    () -> {
                      Version v = Version.parse(order.get(i));
                      for (int j = 0; j < order.size(); j++) {
                        Version w = Version.parse(order.get(j));
                        assertThat(Integer.signum(v.compareTo(w)))
                            .as("%s vs %s", order.get(i), order.get(j))
                            .isEqualTo(Integer.compare(i, j));
                        assertThat(v.equals(w)).isEqualTo(i == j);
                      }
                    }));
  }
}
