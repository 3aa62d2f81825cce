package dev.pylayer.lambda.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer zip unpacks with the Unix modes it records, as Lambda unpacks layers. */
class LayerZipTest {
  @TempDir Path dir;

  @Test
  void unpacksWithTheRecordedModesAndLinks() throws IOException {
    Path zip = dir.resolve("layer.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      add(out, "python/", 040555, null);
      add(out, "python/bin/", 040755, null);
      add(out, "python/bin/python3.11", 0100755, "#!/bin/sh\n");
      add(out, "python/bin/python3", 0120777, "python3.11");
      add(out, "python/lib/secret.txt", 0100600, "owner only\n");
      add(out, "python/lib/plain.txt", 0, "no mode recorded\n");
    }

    Path target = dir.resolve("opt");
    LayerZip.unpack(zip, target);

    assertThat(mode(target.resolve("python"))).isEqualTo("r-xr-xr-x");
    assertThat(mode(target.resolve("python/bin/python3.11"))).isEqualTo("rwxr-xr-x");
    assertThat(Files.readSymbolicLink(target.resolve("python/bin/python3"))).isEqualTo(Path.of("python3.11"));
    assertThat(mode(target.resolve("python/lib/secret.txt"))).isEqualTo("rw-------");
    assertThat(mode(target.resolve("python/lib/plain.txt"))).isEqualTo("rw-r--r--");
    assertThat(target.resolve("python/lib/plain.txt")).hasContent("no mode recorded");
    LayerMount.setWritable(target, true); // so the temporary directory can be deleted
  }

  @Test
  void refusesEntriesOutsideTheTarget() throws IOException {
    Path zip = dir.resolve("evil.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      add(out, "python/../../escaped.txt", 0100644, "x");
    }
    assertThatThrownBy(() -> LayerZip.unpack(zip, dir.resolve("opt")))
        .isInstanceOf(IOException.class).hasMessageContaining("outside its root").hasMessageContaining("escaped.txt");
    assertThat(dir.resolve("escaped.txt")).doesNotExist();
  }

  private static void add(ZipArchiveOutputStream out, String name, int mode, String content) throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    if (mode != 0) {
      entry.setUnixMode(mode);
    }
    out.putArchiveEntry(entry);
    if (content != null) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    out.closeArchiveEntry();
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
