package dev.pylayer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.interpreter.ElfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPythonArchiveTest {

  @TempDir java.nio.file.Path temp;

  @Test
  void archiveHasThePythonBuildStandaloneShape() throws IOException {
    HostPythonArchive fixture = HostPythonArchive.get();
    assertThat(HostPythonArchive.sha256Hex(fixture.path())).isEqualTo(fixture.sha256());

    Map<String, TarArchiveEntry> entries = new HashMap<>();
    byte[] interpreter = null;
    try (InputStream in = Files.newInputStream(fixture.path());
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        entries.put(entry.getName(), entry);
        if (entry.getName().equals("python/bin/python3.11")) {
          interpreter = tar.readAllBytes();
        }
      }
    }
    assertThat(entries.keySet()).allMatch(name -> name.startsWith("python/"));
    assertThat(entries.keySet()).noneMatch(name -> name.contains("__pycache__"));
    assertThat(entries.get("python/bin/python3.11").getMode() & 0111).isEqualTo(0111);
    assertThat(entries.get("python/bin/python3").isSymbolicLink()).isTrue();
    assertThat(entries.get("python/bin/python3").getLinkName()).isEqualTo("python3.11");
    assertThat(entries.get("python/lib/libpython3.11.so").getLinkName())
        .isEqualTo("libpython3.11.so.1.0");
    assertThat(entries).containsKeys("python/lib/libpython3.11.so.1.0",
        "python/lib/python3.11/os.py", "python/lib/python3.11/site-packages/pip/__init__.py",
        "python/lib/python3.11/tkinter/__init__.py", "python/lib/python3.11/idlelib/",
        "python/include/python3.11/patchlevel.h", "python/bin/pip3");
    assertThat(entries.keySet()).anyMatch(n -> n.startsWith("python/lib/python3.11/lib-dynload/"));

    java.nio.file.Path copy = temp.resolve("python3.11");
    Files.write(copy, interpreter);
    ElfFile elf = ElfFile.read(copy);
    assertThat(elf.needed()).contains("libpython3.11.so.1.0");
    assertThat(elf.runpath().isEmpty() ? elf.rpath() : elf.runpath())
        .containsExactly("$ORIGIN/../lib");
  }

  @Test
  void secondCallReusesTheSameArchive() {
    HostPythonArchive first = HostPythonArchive.get();
    assertThat(HostPythonArchive.get()).isSameAs(first);
  }
}
