package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * markers_valid/invalid, marker_cases, marker_context_cases and marker_quirk_cases from
 * pypa/packaging.
 */
class MarkerVectorsTest {

  /** A comparison of two quoted strings: packaging accepts it, we reject it on purpose. */
  private static final Pattern LITERAL_VS_LITERAL =
      Pattern.compile(
          "(\"[^\"]*\"|'[^']*') (===|==|~=|!=|<=|>=|<|>|in|not in) (\"[^\"]*\"|'[^']*')");

  @TestFactory
  Stream<DynamicTest> validMarkersNormalize() {
    return Vectors.elements(Vectors.read("markers_valid.json")).stream()
        .map(
            c -> {
              String input = c.get(0).asText();
              String normalized = c.get(1).asText();
              return DynamicTest.dynamicTest(
                  "valid " + Vectors.label(input),
                  () -> {
                    if (LITERAL_VS_LITERAL.matcher(normalized).find()) {
                      assertRejectedAsLiteralComparison(input);
                      return;
                    }
                    Marker marker = Marker.parse(input);
                    assertThat(marker.toString()).isEqualTo(normalized);
                    assertThat(Marker.parse(normalized)).isEqualTo(marker);
                  });
            });
  }

  @TestFactory
  Stream<DynamicTest> invalidMarkersAreRejectedWithPosition() {
    return Vectors.elements(Vectors.read("markers_invalid.json")).stream()
        .map(JsonNode::asText)
        .map(
            s ->
                DynamicTest.dynamicTest(
                    "invalid " + Vectors.label(s),
                    () ->
                        assertThatThrownBy(() -> Marker.parse(s))
                            .isInstanceOf(InvalidMarkerException.class)
                            .hasMessageContaining("'" + s + "' is not a valid environment marker")
                            .hasMessageContaining(" at position ")));
  }

  @TestFactory
  Stream<DynamicTest> evaluationMatchesPackaging() {
    return Vectors.elements(Vectors.read("marker_cases.json")).stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    Vectors.label(c.get(0).asText()) + " in " + brief(c.get(1)) + " = " + c.get(2).asText(),
                    evaluation(c.get(0).asText(), c.get(1), null, c.get(2))));
  }

  @TestFactory
  Stream<DynamicTest> evaluationInContextMatchesPackaging() {
    return Vectors.elements(Vectors.read("marker_context_cases.json")).stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    Vectors.label(c.get(0).asText())
                        + " in "
                        + brief(c.get(1))
                        + " as "
                        + c.get(2).asText()
                        + " = "
                        + c.get(3).asText(),
                    evaluation(c.get(0).asText(), c.get(1), c.get(2).asText(), c.get(3))));
  }

  /** packaging evaluates these by a quirk (the right literal is looked up as a name): we reject them. */
  @TestFactory
  Stream<DynamicTest> literalComparisonsAreRejected() {
    return Vectors.elements(Vectors.read("marker_quirk_cases.json")).stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    "quirk " + c.get(0).asText() + " in " + brief(c.get(1)),
                    () -> assertRejectedAsLiteralComparison(c.get(0).asText())));
  }

  private static void assertRejectedAsLiteralComparison(String marker) {
    assertThatThrownBy(() -> Marker.parse(marker))
        .isInstanceOf(InvalidMarkerException.class)
        .hasMessageContaining("'" + marker + "'")
        .hasMessageContaining("not two quoted strings");
  }

  private static Executable evaluation(
      String markerText, JsonNode envJson, String context, JsonNode expected) {
    return () -> {
      Marker marker = Marker.parse(markerText);
      MarkerEnvironment env = environment(envJson);
      MarkerContext ctx =
          context == null ? MarkerContext.METADATA : MarkerContext.valueOf(context.toUpperCase());
      if (expected.isBoolean()) {
        assertThat(marker.evaluate(env, ctx)).isEqualTo(expected.asBoolean());
        if (context == null) {
          assertThat(marker.evaluate(env)).isEqualTo(expected.asBoolean());
        }
      } else {
        Class<? extends Throwable> error =
            expected.asText().equals("error:UndefinedComparison")
                ? UndefinedComparisonException.class
                : UndefinedEnvironmentNameException.class;
        assertThat(expected.asText()).isIn("error:UndefinedComparison", "error:UndefinedEnvironmentName");
        assertThatThrownBy(() -> marker.evaluate(env, ctx)).isInstanceOf(error);
      }
    };
  }

  static MarkerEnvironment environment(JsonNode json) {
    MarkerEnvironment.Builder b = MarkerEnvironment.builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isArray()) {
        Set<String> values = new HashSet<>();
        e.getValue().forEach(v -> values.add(v.asText()));
        if (e.getKey().equals("extras")) {
          b.extras(values);
        } else {
          b.dependencyGroups(values);
        }
      } else {
        b.put(e.getKey(), e.getValue().asText());
      }
    }
    return b.build();
  }

  /** The environment values that vary between cases, for readable test names. */
  private static String brief(JsonNode env) {
    return "{python_version="
        + env.path("python_version").asText()
        + ", full="
        + env.path("python_full_version").asText()
        + ", os="
        + env.path("os_name").asText()
        + ", platform="
        + env.path("sys_platform").asText()
        + ", extra="
        + env.path("extra").asText()
        + (env.has("extras") ? ", extras=" + env.get("extras") : "")
        + (env.has("dependency_groups") ? ", groups=" + env.get("dependency_groups") : "")
        + "}";
  }
}
