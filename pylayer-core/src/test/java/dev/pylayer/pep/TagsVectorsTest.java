package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** tags_cases.json from pypa/packaging: parse_tag, Linux platforms, cpython_tags, compatible_tags. */
class TagsVectorsTest {

  private static JsonNode cases() {
    return Vectors.read("tags_cases.json");
  }

  @TestFactory
  Stream<DynamicTest> parseTagExpandsCompressedSets() {
    return Vectors.elements(cases().get("parse_tag")).stream()
        .map(
            c -> {
              String tag = c.get(0).asText();
              JsonNode expected = c.get(1);
              return DynamicTest.dynamicTest(
                  "parse_tag " + tag,
                  () -> {
                    if (expected.isTextual()) {
                      assertThat(expected.asText()).isEqualTo("error:InvalidTag");
                      assertThatThrownBy(() -> Tag.parseAll(tag))
                          .isInstanceOf(InvalidTagException.class)
                          .hasMessageContaining("'" + tag + "'");
                      return;
                    }
                    Set<String> actual =
                        Tag.parseAll(tag).stream().map(Tag::toString).collect(Collectors.toCollection(TreeSet::new));
                    assertThat(actual).containsExactlyElementsOf(new TreeSet<>(strings(expected)));
                  });
            });
  }

  @TestFactory
  Stream<DynamicTest> linuxPlatformsMatchPackaging() {
    return Vectors.elements(cases().get("linux_platforms")).stream()
        .map(
            c -> {
              String arch = c.get("arch").asText();
              GlibcVersion glibc =
                  c.get("glibc").isNull()
                      ? null
                      : new GlibcVersion(c.get("glibc").get(0).asInt(), c.get("glibc").get(1).asInt());
              MuslVersion musl =
                  c.get("musl").isNull()
                      ? null
                      : new MuslVersion(c.get("musl").get(0).asInt(), c.get("musl").get(1).asInt());
              List<String> expected = strings(c.get("expected"));
              return DynamicTest.dynamicTest(
                  "linux platforms " + arch + " glibc " + glibc + " musl " + musl,
                  () -> {
                    assertThat(LinuxPlatforms.platforms(arch, glibc, musl, true))
                        .containsExactlyElementsOf(expected);
                    // Targets drop linux_* (Lambda cannot use such wheels); the rest keeps its order.
                    List<String> withoutLinux =
                        expected.stream().filter(p -> !p.startsWith("linux_")).collect(Collectors.toList());
                    assertThat(LinuxPlatforms.platforms(arch, glibc, musl, false))
                        .containsExactlyElementsOf(withoutLinux);
                  });
            });
  }

  @TestFactory
  Stream<DynamicTest> cpythonTagsMatchPackaging() {
    return Vectors.elements(cases().get("cpython_tags")).stream()
        .map(
            c -> {
              int major = c.get("python_version").get(0).asInt();
              int minor = c.get("python_version").get(1).asInt();
              List<String> abis = strings(c.get("abis"));
              List<String> platforms = strings(c.get("platforms"));
              return DynamicTest.dynamicTest(
                  "cpython_tags " + major + "." + minor + " " + abis + " " + platforms,
                  () ->
                      assertThat(names(CompatibleTags.cpythonTags(major, minor, abis, platforms)))
                          .containsExactlyElementsOf(strings(c.get("expected"))));
            });
  }

  @TestFactory
  Stream<DynamicTest> compatibleTagsMatchPackaging() {
    return Vectors.elements(cases().get("compatible_tags")).stream()
        .map(
            c -> {
              int major = c.get("python_version").get(0).asInt();
              int minor = c.get("python_version").get(1).asInt();
              String interpreter = c.get("interpreter").isNull() ? null : c.get("interpreter").asText();
              List<String> platforms = strings(c.get("platforms"));
              return DynamicTest.dynamicTest(
                  "compatible_tags " + major + "." + minor + " " + interpreter + " " + platforms,
                  () ->
                      assertThat(
                              names(CompatibleTags.compatibleTags(major, minor, interpreter, platforms)))
                          .containsExactlyElementsOf(strings(c.get("expected"))));
            });
  }

  /**
   * pylayer targets Lambda (Linux) only, so it never generates macOS platform tags: for every
   * platform packaging lists for a Mac, no Lambda target (either architecture, every runtime)
   * accepts a wheel tagged with it, whatever Python version.
   */
  @TestFactory
  Stream<DynamicTest> macPlatformsAreNeverCompatibleWithALambdaTarget() {
    return Vectors.elements(cases().get("mac_platforms")).stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    "mac_platforms " + c.get("version") + " " + c.get("arch").asText(),
                    () -> {
                      List<String> platforms = strings(c.get("expected"));
                      assertThat(platforms).isNotEmpty().allMatch(p -> p.startsWith("macosx_"));
                      for (Arch arch : Arch.values()) {
                        for (String runtime : TargetEnvironment.knownLambdaRuntimes().keySet()) {
                          TargetEnvironment target = TargetEnvironment.lambda("3.11", arch, runtime);
                          assertThat(target.platformTags()).doesNotContainAnyElementsOf(platforms);
                          Set<Tag> macWheel = new java.util.HashSet<>();
                          for (String platform : platforms) {
                            macWheel.add(Tag.of("cp311", "cp311", platform));
                            macWheel.add(Tag.of("py3", "none", platform));
                          }
                          assertThat(target.bestTag(macWheel)).as(target.toString()).isEmpty();
                        }
                      }
                    }));
  }

  private static List<String> names(List<Tag> tags) {
    return tags.stream().map(Tag::toString).collect(Collectors.toList());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
