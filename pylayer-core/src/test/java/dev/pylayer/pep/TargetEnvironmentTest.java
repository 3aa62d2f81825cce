package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TargetEnvironmentTest {

  private static List<String> names(List<Tag> tags) {
    return tags.stream().map(Tag::toString).collect(Collectors.toList());
  }

  @Test
  void java21OnArm64PrefersTheNewestManylinuxAndNeverLinux() {
    TargetEnvironment t = TargetEnvironment.lambda("3.11", Arch.ARM64, "java21");
    assertThat(t.glibc()).isEqualTo(new GlibcVersion(2, 34));
    List<String> tags = names(t.supportedTags());
    assertThat(tags.get(0)).isEqualTo("cp311-cp311-manylinux_2_34_aarch64");
    assertThat(tags).noneMatch(s -> s.contains("linux_aarch64") && !s.contains("manylinux"));
    assertThat(tags).noneMatch(s -> s.contains("x86_64") || s.contains("musllinux"));
    // aarch64 manylinux starts at 2.17 (manylinux2014): 2_34..2_17 plus the one alias.
    assertThat(t.platformTags()).hasSize(34 - 17 + 1 + 1);
    assertThat(t.platformTags()).endsWith("manylinux_2_17_aarch64", "manylinux2014_aarch64");
    assertThat(tags).contains("cp32-abi3-manylinux2014_aarch64").doesNotContain("cp31-abi3-manylinux2014_aarch64");
    assertThat(tags.get(tags.size() - 1)).isEqualTo("py30-none-any");
    assertThat(tags.subList(tags.size() - 14, tags.size()).get(0)).isEqualTo("cp311-none-any");
  }

  @Test
  void tagCountFollowsFromPlatformsAndPythonVersion() {
    TargetEnvironment t = TargetEnvironment.lambda("3.11", Arch.X86_64, "java17");
    int platforms = t.platformTags().size();
    // x86_64 goes down to manylinux 2_5 with three legacy aliases: 2_26..2_5 = 22, + 3.
    assertThat(platforms).isEqualTo(25);
    int cpython = 3 * platforms + (11 - 2) * platforms; // cp311, abi3, none; abi3 of 3.10..3.2
    int pyVersions = 2 + 11; // py311, py3, py310..py30
    int compatible = pyVersions * platforms + 1 + pyVersions;
    assertThat(t.supportedTags()).hasSize(cpython + compatible).doesNotHaveDuplicates();
  }

  @Test
  void legacyAliasesFollowTheirPep600Names() {
    List<String> p = TargetEnvironment.of("3.12", Arch.X86_64, 2, 28).platformTags();
    assertThat(p.get(0)).isEqualTo("manylinux_2_28_x86_64");
    assertThat(p.get(p.indexOf("manylinux_2_17_x86_64") + 1)).isEqualTo("manylinux2014_x86_64");
    assertThat(p.get(p.indexOf("manylinux_2_12_x86_64") + 1)).isEqualTo("manylinux2010_x86_64");
    assertThat(p.get(p.indexOf("manylinux_2_5_x86_64") + 1)).isEqualTo("manylinux1_x86_64");
    assertThat(p.get(p.size() - 1)).isEqualTo("manylinux1_x86_64");
  }

  @Test
  void musllinuxIsOffByDefaultAndComesAfterManylinux() {
    TargetEnvironment t = TargetEnvironment.of("3.12", Arch.ARM64, 2, 28);
    assertThat(t.musllinux()).isEmpty();
    assertThat(t.platformTags()).noneMatch(p -> p.startsWith("musllinux"));
    TargetEnvironment musl = t.withMusllinux(1, 2);
    assertThat(musl.platformTags())
        .endsWith("manylinux2014_aarch64", "musllinux_1_2_aarch64", "musllinux_1_1_aarch64", "musllinux_1_0_aarch64");
    assertThat(musl.withoutMusllinux()).isEqualTo(t);
  }

  @Test
  void priorityAndBestTagRankWheels() {
    TargetEnvironment t = TargetEnvironment.lambda("3.12", Arch.ARM64, "python3.12");
    Tag native2017 = Tag.of("cp312", "cp312", "manylinux_2_17_aarch64");
    Tag abi3 = Tag.of("cp38", "abi3", "manylinux_2_28_aarch64");
    Tag pure = Tag.of("py3", "none", "any");
    Tag wrongArch = Tag.of("cp312", "cp312", "manylinux_2_17_x86_64");
    Tag tooNewGlibc = Tag.of("cp312", "cp312", "manylinux_2_35_aarch64");
    assertThat(t.tagPriority(native2017).getAsInt()).isLessThan(t.tagPriority(abi3).getAsInt());
    assertThat(t.tagPriority(abi3).getAsInt()).isLessThan(t.tagPriority(pure).getAsInt());
    assertThat(t.tagPriority(wrongArch)).isEmpty();
    assertThat(t.tagPriority(tooNewGlibc)).isEmpty();
    assertThat(t.tagPriority(t.supportedTags().get(0))).hasValue(0);
    assertThat(t.bestTag(Set.of(pure, abi3, wrongArch))).contains(abi3);
    assertThat(t.bestTag(Set.of(wrongArch, tooNewGlibc))).isEmpty();
    WheelFilename wheel =
        WheelFilename.parse("numpy-2.1.0-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl");
    assertThat(t.bestTag(wheel.tags())).contains(native2017);
  }

  @Test
  void al2RuntimesCapGlibcAt226() {
    for (String runtime : List.of("java8.al2", "java11", "java17", "python3.11", "provided.al2", "nodejs18.x")) {
      assertThat(TargetEnvironment.lambda("3.11", Arch.X86_64, runtime).glibc()).hasToString("2.26");
    }
    for (String runtime : List.of("java21", "java25", "python3.12", "provided.al2023", "nodejs20.x")) {
      assertThat(TargetEnvironment.lambda("3.11", Arch.X86_64, runtime).glibc()).hasToString("2.34");
    }
    assertThat(TargetEnvironment.lambda("3.11", Arch.X86_64, " Java21 ").glibc()).hasToString("2.34");
  }

  @Test
  void markerEnvironmentDescribesCPythonOnLinux() {
    TargetEnvironment t = TargetEnvironment.lambda("3.11.14", Arch.ARM64, "java21");
    MarkerEnvironment env = t.markerEnvironment();
    assertThat(env.values())
        .containsEntry("python_version", "3.11")
        .containsEntry("python_full_version", "3.11.14")
        .containsEntry("implementation_version", "3.11.14")
        .containsEntry("platform_machine", "aarch64")
        .containsEntry("sys_platform", "linux")
        .containsEntry("os_name", "posix")
        .containsEntry("platform_system", "Linux")
        .containsEntry("implementation_name", "cpython")
        .containsEntry("platform_python_implementation", "CPython")
        .containsEntry("platform_release", "")
        .containsEntry("platform_version", "");
    assertThat(env.values().keySet()).containsExactlyInAnyOrderElementsOf(MarkerEnvironment.STANDARD_NAMES);
    assertThat(TargetEnvironment.of("3.12", Arch.X86_64, 2, 34).pythonFullVersion()).isEqualTo("3.12.0");
    assertThat(Marker.parse("platform_machine == 'aarch64' and python_full_version >= '3.11.10'").evaluate(env))
        .isTrue();
    assertThat(Marker.parse("sys_platform == 'win32' or python_version < '3.11'").evaluate(env)).isFalse();
  }

  @Test
  void archNamesPerEcosystem() {
    assertThat(Arch.parse("ARM64")).isEqualTo(Arch.ARM64);
    assertThat(Arch.parse("aarch64")).isEqualTo(Arch.ARM64);
    assertThat(Arch.parse("amd64")).isEqualTo(Arch.X86_64);
    assertThat(Arch.parse(" x86_64 ")).isEqualTo(Arch.X86_64);
    assertThat(Arch.ARM64.pbsName()).isEqualTo("aarch64");
    assertThat(Arch.ARM64.wheelMachine()).isEqualTo("aarch64");
    assertThat(Arch.ARM64.lambdaName()).isEqualTo("arm64");
    assertThat(Arch.X86_64.lambdaName()).isEqualTo("x86_64");
    assertThat(GlibcVersion.parse("2.34")).isEqualTo(new GlibcVersion(2, 34)).isGreaterThan(GlibcVersion.parse("2.26"));
  }
}
