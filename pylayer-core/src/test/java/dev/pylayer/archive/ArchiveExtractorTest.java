package dev.pylayer.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.testing.HostileArchives;
import dev.pylayer.testing.TarBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArchiveExtractorTest {

  @TempDir Path temp;

  private static void pbsLikeArchive(TarBuilder tar) throws IOException {
    tar.directory("python", 0755)
        .directory("python/bin", 0755)
        .file("python/bin/python3.11", 0755, "#!/bin/sh\necho interpreter\n")
        .symlink("python/bin/python3", "python3.11")
        .symlink("python/bin/python", "python3")
        .file("python/lib/python3.11/os.py", 0644, "# os\n")
        .file("python/lib/python3.11/readonly.txt", 0444, "ro\n")
        .hardlink("python/lib/python3.11/os-copy.py", "python/lib/python3.11/os.py")
        .symlink("python/lib/python3.11/site", "../python3.11/site-packages")
        .directory("python/share", 0700)
        .symlink("python/lib/dangling", "does-not-exist-yet");
    tar.close();
  }

  private Path writeTarGz(String name) throws IOException {
    Path archive = temp.resolve(name);
    pbsLikeArchive(TarBuilder.gzip(archive));
    return archive;
  }

  @Test
  void extractsFilesDirectoriesLinksAndModes() throws IOException {
    Path archive = writeTarGz("cpython.tar.gz");
    Path target = temp.resolve("out/layer");

    ExtractionResult result = ArchiveExtractor.create().extract(archive, target);

    Path bin = target.resolve("python/bin");
    assertThat(bin.resolve("python3.11")).hasContent("#!/bin/sh\necho interpreter");
    assertThat(permissions(bin.resolve("python3.11"))).isEqualTo("rwxr-xr-x");
    assertThat(Files.isSymbolicLink(bin.resolve("python3"))).isTrue();
    assertThat(Files.readSymbolicLink(bin.resolve("python3")).toString()).isEqualTo("python3.11");
    assertThat(Files.readSymbolicLink(bin.resolve("python")).toString()).isEqualTo("python3");
    Path stdlib = target.resolve("python/lib/python3.11");
    assertThat(permissions(stdlib.resolve("os.py"))).isEqualTo("rw-r--r--");
    // owner write is added so later steps (stripping) can change the tree
    assertThat(permissions(stdlib.resolve("readonly.txt"))).isEqualTo("rw-r--r--");
    assertThat(stdlib.resolve("os-copy.py")).hasContent("# os");
    assertThat(Files.isSymbolicLink(stdlib.resolve("os-copy.py"))).isFalse();
    assertThat(permissions(target.resolve("python/share"))).isEqualTo("rwx------");
    assertThat(Files.isSymbolicLink(target.resolve("python/lib/dangling"))).isTrue();
    assertThat(result.files()).isEqualTo(4);
    assertThat(result.symlinks()).isEqualTo(4);
    assertThat(result.hardlinks()).isEqualTo(1);
    assertThat(result.bytes()).isEqualTo(Files.size(bin.resolve("python3.11")) + 5 + 3 + 5);
    assertThat(result.root()).isEqualTo(target.toAbsolutePath());
    assertNoStaging(target.getParent(), "layer");
  }

  @Test
  void stripsTheLeadingDirectoryWhenAsked() throws IOException {
    Path archive = writeTarGz("cpython.tar.gz");
    Path target = temp.resolve("home");

    ArchiveExtractor.create().stripLeadingDirectory("python").extract(archive, target);

    assertThat(target.resolve("bin/python3.11")).isRegularFile();
    assertThat(target.resolve("lib/python3.11/os.py")).isRegularFile();
    assertThat(target.resolve("python")).doesNotExist();
  }

  @Test
  void refusesEntriesOutsideTheStrippedDirectory() throws IOException {
    Path archive = temp.resolve("mixed.tar.gz");
    try (TarBuilder tar = TarBuilder.gzip(archive)) {
      tar.file("python/bin/python3.11", 0755, "x").file("README", 0644, "hi");
    }
    assertThatThrownBy(() -> ArchiveExtractor.create().stripLeadingDirectory("python/")
        .extract(archive, temp.resolve("t")))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageContaining("'README'")
        .hasMessageContaining("not under the expected top-level directory 'python/'");
    assertThat(temp.resolve("t")).doesNotExist();
  }

  @Test
  void readsPlainTarAndBzip2WhateverTheFileName() throws IOException {
    Path plain = temp.resolve("archive.bin");
    pbsLikeArchive(TarBuilder.plain(plain));
    ArchiveExtractor.create().extract(plain, temp.resolve("plain"));
    assertThat(temp.resolve("plain/python/bin/python3.11")).isRegularFile();

    Path bzip2 = temp.resolve("archive.tar.bz2");
    try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(bzip2))) {
      Files.copy(plain, out);
    }
    ArchiveExtractor.create().extract(bzip2, temp.resolve("bz"));
    assertThat(temp.resolve("bz/python/lib/python3.11/os.py")).hasContent("# os");
  }

  @Test
  void refusesZstdWithAHint() throws IOException {
    Path zst =
        temp.resolve("cpython-3.10.0-x86_64-unknown-linux-gnu-pgo+lto-20211017T1616.tar.zst");
    Files.write(zst, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0});
    assertThatThrownBy(() -> ArchiveExtractor.create().extract(zst, temp.resolve("t")))
        .hasMessageContaining(zst.toString())
        .hasMessageContaining(".tar.zst archives need zstd")
        .hasMessageContaining("choose an install_only .tar.gz build");
    assertNoLeftovers(temp, "t");
  }

  @Test
  void refusesFilesThatAreNotArchives() throws IOException {
    Path text = temp.resolve("notes.tar.gz");
    Files.writeString(text, "hello, not a tar");
    assertThatThrownBy(() -> ArchiveExtractor.create().extract(text, temp.resolve("t")))
        .hasMessageContaining("not a .tar.gz, .tar.bz2 or .tar archive");
  }

  @Test
  void refusesAnExistingTarget() throws IOException {
    Path archive = writeTarGz("cpython.tar.gz");
    Path target = Files.createDirectories(temp.resolve("exists"));
    assertThatThrownBy(() -> ArchiveExtractor.create().extract(archive, target))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void truncatedArchiveLeavesNothing() throws IOException {
    Path archive = writeTarGz("cpython.tar.gz");
    byte[] bytes = Files.readAllBytes(archive);
    Path truncated = temp.resolve("truncated.tar.gz");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ArchiveExtractor.create().extract(truncated, temp.resolve("t")))
        .isInstanceOf(IOException.class);
    assertNoLeftovers(temp, "t");
  }

  @ParameterizedTest
  @EnumSource(HostileArchives.Kind.class)
  void refusesHostileEntriesAndLeavesNoOutput(HostileArchives.Kind kind) throws IOException {
    Path archive = HostileArchives.tarGz(kind, temp);
    Path target = temp.resolve("out/layer");

    assertThatThrownBy(() -> ArchiveExtractor.create().extract(archive, target))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageStartingWith(archive + ": refusing entry '" + kind.entry() + "'")
        .satisfies(e -> assertThat(((UnsafeArchiveException) e).entry()).isEqualTo(kind.entry()));

    assertNoLeftovers(target.getParent(), "layer");
    assertThat(Path.of("/tmp/pylayer-evil")).doesNotExist();
  }

  static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  /** Neither the target nor a staging directory for it may remain. */
  static void assertNoLeftovers(Path parent, String targetName) throws IOException {
    assertThat(parent.resolve(targetName)).doesNotExist();
    assertNoStaging(parent, targetName);
  }

  /** No staging directory of the target may remain. */
  static void assertNoStaging(Path parent, String targetName) throws IOException {
    if (Files.isDirectory(parent)) {
      try (Stream<Path> children = Files.list(parent)) {
        assertThat(children.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.startsWith("." + targetName));
      }
    }
  }
}
