package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * specifiers_valid/invalid, specifier_cases, specifier_filter_cases and
 * specifier_unsatisfiable_cases from pypa/packaging.
 */
class SpecifierVectorsTest {

  @TestFactory
  Stream<DynamicTest> validSpecifierSetsNormalize() {
    return Vectors.elements(Vectors.read("specifiers_valid.json")).stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    "valid " + Vectors.label(c.get(0).asText()),
                    () -> {
                      SpecifierSet set = SpecifierSet.parse(c.get(0).asText());
                      assertThat(set.toString()).isEqualTo(c.get(1).asText());
                      // The normalized form parses back to an equal set.
                      assertThat(SpecifierSet.parse(set.toString())).isEqualTo(set);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> invalidSpecifiersAreRejectedNamingTheInput() {
    return Vectors.elements(Vectors.read("specifiers_invalid.json")).stream()
        .map(JsonNode::asText)
        .map(
            s ->
                DynamicTest.dynamicTest(
                    "invalid " + Vectors.label(s),
                    () ->
                        assertThatThrownBy(() -> SpecifierSet.parse(s))
                            .isInstanceOf(InvalidSpecifierException.class)
                            .hasMessageContaining("'" + s + "'")));
  }

  @TestFactory
  Stream<DynamicTest> containsMatchesPackaging() {
    return Vectors.elements(Vectors.read("specifier_cases.json")).stream()
        .map(
            c -> {
              String spec = c.get(0).asText();
              String version = c.get(1).asText();
              Boolean pre = Vectors.triState(c.get(2));
              boolean expected = c.get(3).asBoolean();
              return DynamicTest.dynamicTest(
                  String.format("'%s' contains '%s' (prereleases=%s) = %s", spec, version, pre, expected),
                  () -> {
                    SpecifierSet set = SpecifierSet.parse(spec);
                    assertThat(set.withPrereleases(pre).contains(version, null)).isEqualTo(expected);
                    // Passing the policy per call gives the same answer as setting it on the set.
                    assertThat(set.contains(version, pre)).isEqualTo(expected);
                    Version v = Version.tryParse(version).orElse(null);
                    if (!spec.contains("===") && v != null) {
                      assertThat(set.withPrereleases(pre).contains(v, null)).isEqualTo(expected);
                      if (set.specifiers().size() == 1) {
                        Specifier one = set.specifiers().get(0).withPrereleases(pre);
                        assertThat(one.contains(v, null)).isEqualTo(expected);
                      }
                    }
                  });
            });
  }

  @TestFactory
  Stream<DynamicTest> filterMatchesPackaging() {
    return Vectors.elements(Vectors.read("specifier_filter_cases.json")).stream()
        .map(
            c -> {
              String api = c.get("api").asText();
              String spec = c.get("spec").asText();
              Boolean specPre = Vectors.triState(c.get("spec_prereleases"));
              Boolean filterPre = Vectors.triState(c.get("filter_prereleases"));
              List<String> input = strings(c.get("input"));
              List<String> expected = strings(c.get("expected"));
              return DynamicTest.dynamicTest(
                  String.format(
                      "%s('%s', %s).filter(%s, %s)",
                      api, spec, specPre, Vectors.label(input.toString()), filterPre),
                  () -> {
                    List<String> actual =
                        api.equals("Specifier")
                            ? Specifier.parse(spec).withPrereleases(specPre).filterStrings(input, filterPre)
                            : SpecifierSet.parse(spec).withPrereleases(specPre).filterStrings(input, filterPre);
                    assertThat(actual).isEqualTo(expected);
                  });
            });
  }

  @TestFactory
  Stream<DynamicTest> unsatisfiableDetectionMatchesPackaging() {
    return Vectors.elements(Vectors.read("specifier_unsatisfiable_cases.json")).stream()
        .map(
            c -> {
              String spec = c.get(0).asText();
              Boolean pre = Vectors.triState(c.get(1));
              boolean expected = c.get(2).asBoolean();
              return DynamicTest.dynamicTest(
                  String.format("'%s' (prereleases=%s) unsatisfiable = %s", spec, pre, expected),
                  () ->
                      assertThat(SpecifierSet.parse(spec).withPrereleases(pre).isUnsatisfiable())
                          .isEqualTo(expected));
            });
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
