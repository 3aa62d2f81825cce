package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** requirement_cases.json from pypa/packaging. */
class RequirementVectorsTest {

  @TestFactory
  Stream<DynamicTest> requirementsParseAsPackagingDoes() {
    return Vectors.elements(Vectors.read("requirement_cases.json")).stream()
        .map(
            c -> {
              String input = c.get(0).asText();
              JsonNode expected = c.get(1);
              return DynamicTest.dynamicTest(
                  (expected.get("valid").asBoolean() ? "valid " : "invalid ") + Vectors.label(input),
                  () -> {
                    if (!expected.get("valid").asBoolean()) {
                      assertThatThrownBy(() -> Requirement.parse(input))
                          .isInstanceOf(InvalidRequirementException.class)
                          .hasMessageContaining("'" + input + "' is not a valid requirement");
                      return;
                    }
                    Requirement r = Requirement.parse(input);
                    assertThat(r.rawName()).isEqualTo(expected.get("name").asText());
                    assertThat(r.name()).isEqualTo(PackageName.of(expected.get("name").asText()));
                    List<String> extras = new ArrayList<>();
                    expected.get("extras").forEach(e -> extras.add(e.asText()));
                    assertThat(r.rawExtras()).containsExactlyElementsOf(extras);
                    TreeSet<String> normalizedExtras = new TreeSet<>();
                    extras.forEach(e -> normalizedExtras.add(PackageName.normalize(e)));
                    assertThat(r.extras()).containsExactlyElementsOf(normalizedExtras);
                    assertThat(r.specifier().toString()).isEqualTo(expected.get("specifier").asText());
                    assertThat(r.url().orElse(null)).isEqualTo(text(expected.get("url")));
                    assertThat(r.marker().map(Marker::toString).orElse(null))
                        .isEqualTo(text(expected.get("marker")));
                    assertThat(r.toString()).isEqualTo(expected.get("normalized").asText());
                    Requirement again = Requirement.parse(r.toString());
                    assertThat(again).isEqualTo(r).hasSameHashCodeAs(r);
                    assertThat(again.toString()).isEqualTo(r.toString());
                  });
            });
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
