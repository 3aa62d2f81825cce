package dev.pylayer.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpreterSourceTest {

  @TempDir Path temp;

  @Test
  void catalogEntryCarriesEverything() {
    PbsBuild build = PbsCatalog.bundled().newest("3.12", "x86_64");
    InterpreterSource source = InterpreterSource.of(build);
    assertThat(source.kind()).isEqualTo(InterpreterSource.Kind.CATALOG);
    assertThat(source.sha256()).contains(build.sha256());
    assertThat(source.version()).contains(build.version());
    assertThat(source.minorVersion()).contains("3.12");
    assertThat(source.release()).contains(build.release());
    assertThat(source.arch()).contains("x86_64");
    assertThat(source.fileName()).isEqualTo(build.url().getPath()
        .substring(build.url().getPath().lastIndexOf('/') + 1));
  }

  @Test
  void pbsNamedFileIsParsed() {
    Path archive =
        temp.resolve("cpython-3.11.14+20251031-aarch64-unknown-linux-gnu"
            + "-install_only_stripped.tar.gz");
    InterpreterSource source = InterpreterSource.ofFile(archive, null);
    assertThat(source.kind()).isEqualTo(InterpreterSource.Kind.FILE);
    assertThat(source.version()).contains("3.11.14");
    assertThat(source.release()).contains("20251031");
    assertThat(source.arch()).contains("aarch64");
    assertThat(source.sha256()).isEmpty();
    assertThat(source.file()).contains(archive);
  }

  @Test
  void otherNamesLearnTheirVersionFromTheTree() throws IOException {
    InterpreterSource source = InterpreterSource.ofFile(temp.resolve("my-python.tar.gz"),
        "AB".repeat(32));
    assertThat(source.version()).isEmpty();
    assertThat(source.sha256()).contains("ab".repeat(32));

    Files.createDirectories(temp.resolve("tree/python/bin"));
    Files.createFile(temp.resolve("tree/python/bin/python3.11"));
    Files.createDirectories(temp.resolve("tree/python/lib/python3.11"));
    InterpreterLayout layout = InterpreterLayout.detect(temp.resolve("tree"));
    assertThat(source.withDetectedVersion(layout).version()).contains("3.11");

    Files.createDirectories(temp.resolve("tree/python/include/python3.11"));
    Files.writeString(temp.resolve("tree/python/include/python3.11/patchlevel.h"),
        "#define PY_VERSION \"3.11.7\"\n");
    assertThat(source.withDetectedVersion(layout).version()).contains("3.11.7");
    assertThat(source.withDetectedVersion(layout).minorVersion()).contains("3.11");

    InterpreterSource named = InterpreterSource.ofFile(temp.resolve(
        "cpython-3.12.1+20240107-x86_64-unknown-linux-gnu-install_only.tar.gz"), null);
    assertThatThrownBy(() -> named.withDetectedVersion(layout))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected to be CPython 3.12.1")
        .hasMessageContaining("python3.11");
  }

  @Test
  void verifiesALocalArchive() throws IOException {
    Path archive = temp.resolve("python.tar.gz");
    Files.writeString(archive, "abc");
    // sha256("abc"), a FIPS 180-2 test vector
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertThat(InterpreterSource.ofFile(archive, abc.toUpperCase()).verify(archive))
        .isEqualTo(abc);
    assertThat(InterpreterSource.ofFile(archive, null).verify(archive)).isEqualTo(abc);
    assertThatThrownBy(() -> InterpreterSource.ofFile(archive, "0".repeat(64)).verify(archive))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has sha256 " + abc)
        .hasMessageContaining("expects " + "0".repeat(64));
  }

  @Test
  void urlsNeedAChecksumAndZstdIsRefused() {
    URI url = URI.create("https://example.test/cpython-3.13.1%2B20241205-aarch64-unknown-linux-gnu"
        + "-install_only_stripped.tar.gz");
    InterpreterSource source = InterpreterSource.ofUrl(url, "0".repeat(64));
    assertThat(source.version()).contains("3.13.1");
    assertThat(source.describe()).contains("CPython 3.13.1 aarch64 (python-build-standalone"
        + " 20241205) from https://example.test/");
    assertThatThrownBy(() -> InterpreterSource.ofUrl(url, null))
        .hasMessageContaining("expected 64 hex digits");
    assertThatThrownBy(() -> InterpreterSource.ofUrl(URI.create("https://example.test/"
        + "cpython-3.10.0-x86_64-unknown-linux-gnu-pgo%2Blto-20211017T1616.tar.zst"),
        "0".repeat(64)))
        .hasMessageContaining(".tar.zst archives need zstd")
        .hasMessageContaining("choose an install_only .tar.gz build");
    assertThatThrownBy(() -> InterpreterSource.ofFile(temp.resolve("python.tar.zst"), null))
        .hasMessageContaining(".tar.zst archives need zstd");
  }
}
