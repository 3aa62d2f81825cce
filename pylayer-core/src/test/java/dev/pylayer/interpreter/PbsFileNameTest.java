package dev.pylayer.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PbsFileNameTest {

  @Test
  void parsesCurrentNames() {
    PbsFileName name = PbsFileName.parse(
        "cpython-3.11.14+20251031-aarch64-unknown-linux-gnu-install_only_stripped.tar.gz")
        .orElseThrow();
    assertThat(name.version()).isEqualTo("3.11.14");
    assertThat(name.minorVersion()).isEqualTo("3.11");
    assertThat(name.release()).isEqualTo("20251031");
    assertThat(name.arch()).isEqualTo("aarch64");
    assertThat(name.platform()).isEqualTo("unknown-linux-gnu");
    assertThat(name.flavor()).isEqualTo("install_only_stripped");
    assertThat(name.extension()).isEqualTo("tar.gz");
    assertThat(name.isStripped()).isTrue();
    assertThat(name.isInstallOnly()).isTrue();
    assertThat(name.isTarGz()).isTrue();
  }

  @Test
  void decodesUrlsAndKeepsPlusSigns() {
    PbsFileName name = PbsFileName.parse("https://github.com/astral-sh/python-build-standalone/"
        + "releases/download/20240107/cpython-3.12.1%2B20240107-x86_64-unknown-linux-gnu-"
        + "install_only.tar.gz").orElseThrow();
    assertThat(name.fileName())
        .isEqualTo("cpython-3.12.1+20240107-x86_64-unknown-linux-gnu-install_only.tar.gz");
    assertThat(name.isStripped()).isFalse();
    assertThat(name.isInstallOnly()).isTrue();

    PbsFileName full = PbsFileName.parse(
        "cpython-3.12.1+20240107-x86_64_v3-unknown-linux-gnu-pgo+lto-full.tar.zst").orElseThrow();
    assertThat(full.arch()).isEqualTo("x86_64_v3");
    assertThat(full.flavor()).isEqualTo("pgo+lto-full");
    assertThat(full.isTarGz()).isFalse();
    assertThat(full.isInstallOnly()).isFalse();
  }

  @Test
  void parsesLegacyNames() {
    PbsFileName name = PbsFileName.parse(
        "cpython-3.10.0-x86_64-unknown-linux-gnu-pgo%2Blto-20211017T1616.tar.zst").orElseThrow();
    assertThat(name.version()).isEqualTo("3.10.0");
    assertThat(name.release()).isEqualTo("20211017");
    assertThat(name.arch()).isEqualTo("x86_64");
    assertThat(name.flavor()).isEqualTo("pgo+lto");
    assertThat(name.extension()).isEqualTo("tar.zst");
  }

  @Test
  void otherNamesAreNotGuessed() {
    assertThat(PbsFileName.parse("python-3.11.tar.gz")).isEmpty();
    assertThat(PbsFileName.parse("host-python-3.11.7-abc.tar.gz")).isEmpty();
    assertThat(PbsFileName.parse("cpython-3.11+2025-aarch64.tar.gz")).isEmpty();
  }

  @Test
  void everyBundledUrlParsesAndAgreesWithItsEntry() {
    for (PbsBuild build : PbsCatalog.bundled().builds()) {
      PbsFileName name = build.parsedFileName().orElseThrow(() -> new AssertionError(build.url()));
      assertThat(name.version()).as(build.url().toString()).isEqualTo(build.version());
      assertThat(name.arch()).as(build.url().toString()).isEqualTo(build.arch());
      assertThat(name.release()).as(build.url().toString()).isEqualTo(build.release());
    }
  }
}
