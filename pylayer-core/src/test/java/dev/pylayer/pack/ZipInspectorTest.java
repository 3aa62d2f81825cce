package dev.pylayer.pack;

import dev.pylayer.testing.ZipTrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipInspectorTest {

  @TempDir Path temp;

  @Test
  void listsWhatTheWriterWrote() throws IOException {
    ZipTrees tree = ZipTrees.create(temp.resolve("tree"), false);
    ZipWriteResult written = DeterministicZipWriter.builder()
        .timestamp(Instant.parse("2024-02-29T13:14:16Z")).build()
        .write(tree.root, temp.resolve("layer.zip"));

    ZipListing listing = ZipInspector.inspect(written.zip());

    assertThat(listing.entries()).hasSize(written.entries());
    assertThat(listing.files()).isEqualTo(written.files());
    assertThat(listing.directories()).isEqualTo(written.directories());
    assertThat(listing.symlinks()).isEqualTo(written.symlinks());
    assertThat(listing.uncompressedBytes()).isEqualTo(written.uncompressedBytes());
    assertThat(listing.archiveBytes()).isEqualTo(written.size());
    assertThat(listing.compressedBytes()).isLessThan(listing.archiveBytes());
    for (ZipListing.Entry entry : listing.entries()) {
      assertThat(entry.unixMode()).as(entry.name())
          .isEqualTo(tree.expectedModes.get(entry.name()));
      assertThat(entry.time()).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 16));
      assertThat(entry.hasExtraFields()).isFalse();
    }
    ZipListing.Entry link = listing.entry("python/bin/python3").orElseThrow();
    assertThat(link.kind()).isEqualTo(ZipListing.Kind.SYMLINK);
    assertThat(link.linkTarget()).contains("python3.11");
    ZipListing.Entry interpreter = listing.entry("python/bin/python3.11").orElseThrow();
    assertThat(interpreter.permissions()).isEqualTo(0755);
    assertThat(interpreter.method()).isEqualTo(ZipEntry.DEFLATED);
    assertThat(listing.entry("python/").orElseThrow().kind())
        .isEqualTo(ZipListing.Kind.DIRECTORY);
  }

  @Test
  void reportsForeignZipsHonestly() throws IOException {
    Path zip = temp.resolve("jdk.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      ZipEntry entry = new ZipEntry("a.txt");
      entry.setLastModifiedTime(FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
      out.putNextEntry(entry);
      out.write("hello".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    ZipListing.Entry entry = ZipInspector.inspect(zip).entries().get(0);
    assertThat(entry.unixMode()).isZero();
    assertThat(entry.permissions()).isEqualTo(-1);
    assertThat(entry.hasExtraFields()).isTrue(); // the JDK adds an extended timestamp
    assertThat(entry.size()).isEqualTo(5);
  }

  @Test
  void notAZip() throws IOException {
    Path file = temp.resolve("x.zip");
    Files.writeString(file, "nope");
    assertThatThrownBy(() -> ZipInspector.inspect(file)).isInstanceOf(IOException.class);
  }
}
