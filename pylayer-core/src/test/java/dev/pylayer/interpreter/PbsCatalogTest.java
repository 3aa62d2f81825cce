package dev.pylayer.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PbsCatalogTest {

  private static final String BASE =
      "https://github.com/astral-sh/python-build-standalone/releases/download/";

  private static String entry(String version, String arch, String release, String flavor,
      String extension, char shaDigit) {
    String url = BASE + release + "/cpython-" + version + "%2B" + release + "-" + arch
        + "-unknown-linux-gnu-" + flavor + "." + extension;
    return "{\"version\":\"" + version + "\",\"arch\":\"" + arch + "\",\"release\":\"" + release
        + "\",\"url\":\"" + url + "\",\"sha256\":\"" + String.valueOf(shaDigit).repeat(64)
        + "\"}";
  }

  private static PbsCatalog catalog(String... entries) throws IOException {
    String json = "[" + String.join(",", entries) + "]";
    return PbsCatalog.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
        "test catalog");
  }

  @Test
  void bundledNewest311Aarch64IsTheNewestStrippedTarGzOfTheJson() throws IOException {
    // Independent reading of the raw resource: highest patch, then latest release, among
    // install_only_stripped .tar.gz assets for 3.11 / aarch64.
    JsonNode raw;
    try (InputStream in = PbsCatalog.class.getResourceAsStream("pbs-catalog.json")) {
      raw = new ObjectMapper().readTree(in);
    }
    JsonNode best = null;
    for (JsonNode node : raw) {
      String url = node.get("url").asText();
      if (!node.get("arch").asText().equals("aarch64")
          || !node.get("version").asText().startsWith("3.11.")
          || !url.endsWith("-install_only_stripped.tar.gz")) {
        continue;
      }
      if (best == null || patch(node) > patch(best) || (patch(node) == patch(best)
          && node.get("release").asText().compareTo(best.get("release").asText()) > 0)) {
        best = node;
      }
    }
    assertThat(best).isNotNull();

    PbsBuild newest = PbsCatalog.bundled().newest("3.11", "aarch64");

    assertThat(newest.url().toString()).isEqualTo(best.get("url").asText());
    assertThat(newest.sha256()).isEqualTo(best.get("sha256").asText());
    assertThat(newest.version()).isEqualTo(best.get("version").asText());
    assertThat(newest.isStripped()).isTrue();
    assertThat(newest.fileName())
        .endsWith("-aarch64-unknown-linux-gnu-install_only_stripped.tar.gz")
        .startsWith("cpython-" + newest.version() + "+" + newest.release());
    assertThat(PbsCatalog.bundled().newest("3.11", "arm64")).isEqualTo(newest);
  }

  private static int patch(JsonNode node) {
    return Integer.parseInt(node.get("version").asText().split("\\.")[2]);
  }

  @Test
  void bundledCatalogListsItsMinorsAndArches() {
    PbsCatalog bundled = PbsCatalog.bundled();
    assertThat(bundled.builds()).hasSize(156);
    assertThat(bundled.minors()).containsExactly("3.10", "3.11", "3.12", "3.13", "3.14");
    assertThat(bundled.arches()).containsExactly("aarch64", "x86_64");
  }

  @Test
  void prefersPatchThenReleaseThenStripped() throws IOException {
    PbsCatalog catalog = catalog(
        entry("3.11.9", "x86_64", "20240814", "install_only_stripped", "tar.gz", 'a'),
        entry("3.11.10", "x86_64", "20241002", "install_only", "tar.gz", 'b'),
        entry("3.11.10", "x86_64", "20241016", "install_only", "tar.gz", 'c'),
        entry("3.11.10", "x86_64", "20241016", "install_only_stripped", "tar.gz", 'd'),
        entry("3.11.10", "x86_64", "20241020", "pgo+lto-full", "tar.zst", 'e'),
        entry("3.11.10", "aarch64", "20250101", "install_only_stripped", "tar.gz", 'f'));

    assertThat(catalog.newest("3.11", "x86_64").sha256()).isEqualTo("d".repeat(64));
    assertThat(catalog.newest("3.11", "amd64").sha256()).isEqualTo("d".repeat(64));
    assertThat(catalog.find("3.11.10", "x86_64").orElseThrow().sha256())
        .isEqualTo("d".repeat(64));
    assertThat(catalog.find("3.11.10+20241002", "x86_64").orElseThrow().sha256())
        .isEqualTo("b".repeat(64));
    assertThat(catalog.find("3.11.9", "x86_64").orElseThrow().release()).isEqualTo("20240814");
    assertThat(catalog.find("3.11.8", "x86_64")).isEmpty();
  }

  @Test
  void numericVersionOrderNotText() throws IOException {
    PbsCatalog catalog = catalog(
        entry("3.11.9", "x86_64", "20240814", "install_only", "tar.gz", 'a'),
        entry("3.11.10", "x86_64", "20240101", "install_only", "tar.gz", 'b'));
    assertThat(catalog.newest("3.11", "x86_64").version()).isEqualTo("3.11.10");
    assertThat(catalog.minors()).containsExactly("3.11");
  }

  @Test
  void unknownMinorListsWhatExists() {
    assertThatThrownBy(() -> PbsCatalog.bundled().newest("3.9", "aarch64"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Python 3.9 for aarch64 is not in")
        .hasMessageContaining("available minor versions: 3.10, 3.11, 3.12, 3.13, 3.14");
  }

  @Test
  void badArgumentsGetHelpfulErrors() {
    assertThatThrownBy(() -> PbsCatalog.bundled().newest("3.11", "ppc64le"))
        .hasMessageContaining("unknown architecture 'ppc64le'")
        .hasMessageContaining("arm64");
    assertThatThrownBy(() -> PbsCatalog.bundled().newest("3.11.7", "x86_64"))
        .hasMessageContaining("'3.11.7' is not a Python minor version")
        .hasMessageContaining("find(\"3.11.7\", arch)");
  }

  @Test
  void zstdOnlyVersionsAreRefusedWithAHint() throws IOException {
    // In the bundled catalog 3.10.0 exists only as a "full" .tar.zst archive.
    assertThatThrownBy(() -> PbsCatalog.bundled().find("3.10.0", "x86_64"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".tar.zst archives need zstd")
        .hasMessageContaining("choose an install_only .tar.gz build");
    PbsCatalog zstOnly = catalog(
        entry("3.9.1", "x86_64", "20210101", "pgo+lto-full", "tar.zst", 'a'));
    assertThatThrownBy(() -> zstOnly.newest("3.9", "x86_64"))
        .hasMessageContaining("only as .tar.zst archives, which need zstd");
  }

  @Test
  void malformedCatalogsNameTheEntry() {
    assertThatThrownBy(() -> catalog("{\"version\":\"3.11.1\"}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("test catalog entry 0")
        .hasMessageContaining("'arch'");
    assertThatThrownBy(() -> catalog(entry("3.11.1", "x86_64", "20240101", "install_only",
        "tar.gz", 'z')))
        .hasMessageContaining("expected 64 hex digits");
  }

  @Test
  void everyBundledDefaultCandidateIsATarGz() {
    PbsCatalog bundled = PbsCatalog.bundled();
    List<String> failures = new ArrayList<>();
    for (String minor : bundled.minors()) {
      for (String arch : bundled.arches()) {
        PbsBuild build = bundled.newest(minor, arch);
        if (!build.fileName().endsWith(".tar.gz") || !build.arch().equals(arch)
            || !build.minorVersion().equals(minor)) {
          failures.add(build.toString());
        }
      }
    }
    assertThat(failures).isEmpty();
  }
}
