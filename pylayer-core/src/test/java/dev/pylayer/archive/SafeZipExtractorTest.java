package dev.pylayer.archive;

import dev.pylayer.pack.DeterministicZipWriter;
import dev.pylayer.testing.ZipTrees;
import dev.pylayer.pack.ZipWriteResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.testing.HostileArchives;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafeZipExtractorTest {

  @TempDir Path temp;

  @Test
  void roundTripKeepsContentModesAndLinks() throws IOException {
    ZipTrees tree = ZipTrees.create(temp.resolve("tree"), false);
    ZipWriteResult zip = DeterministicZipWriter.builder().environment(Map.of()).build()
        .write(tree.root, temp.resolve("layer.zip"));
    Path out = temp.resolve("unpacked");

    ExtractionResult result = SafeZipExtractor.create().extract(zip.zip(), out);

    for (Map.Entry<String, Integer> expected : tree.expectedModes.entrySet()) {
      Path path = out.resolve(expected.getKey());
      int mode = expected.getValue();
      if ((mode & 0170000) == 0120000) {
        assertThat(Files.isSymbolicLink(path)).as(expected.getKey()).isTrue();
        assertThat(Files.readSymbolicLink(path).toString())
            .isEqualTo(tree.expectedLinks.get(expected.getKey()));
      } else {
        assertThat(permissions(path)).as(expected.getKey())
            .isEqualTo(PosixFilePermissions.toString(
                dev.pylayer.archive.UnixModes.toPermissions(mode)));
        if ((mode & 0170000) == 0100000) {
          assertThat(Files.readAllBytes(path)).as(expected.getKey())
              .isEqualTo(Files.readAllBytes(tree.root.resolve(expected.getKey())));
        }
      }
    }
    assertThat(result.symlinks()).isEqualTo(tree.expectedLinks.size());
    assertThat(result.files()).isEqualTo(zip.files());
    assertThat(result.bytes()).isEqualTo(zip.uncompressedBytes() - tree.expectedLinks.values()
        .stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum());
  }

  @Test
  void readOnlyLikeLambdasOpt() throws IOException {
    ZipTrees tree = ZipTrees.create(temp.resolve("tree"), false);
    ZipWriteResult zip = DeterministicZipWriter.create().write(tree.root, temp.resolve("l.zip"));
    Path out = temp.resolve("opt");

    SafeZipExtractor.create().readOnly(true).extract(zip.zip(), out);

    try (Stream<Path> all = Files.walk(out)) {
      for (Path path : (Iterable<Path>) all::iterator) {
        if (!Files.isSymbolicLink(path)) {
          Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
          assertThat(permissions).as(path.toString()).doesNotContain(
              PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
              PosixFilePermission.OTHERS_WRITE);
        }
      }
    }
    assertThat(permissions(out.resolve("python/bin/python3.11"))).isEqualTo("r-xr-xr-x");
    SafeZipExtractor.makeWritable(out);
    assertThat(permissions(out.resolve("python/bin/python3.11"))).isEqualTo("rwxr-xr-x");
  }

  @Test
  void zipsWithoutUnixModesGetDefaults() throws IOException {
    Path zip = temp.resolve("plain.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("pkg/"));
      out.closeEntry();
      out.putNextEntry(new ZipEntry("pkg/__init__.py"));
      out.write("x = 1\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    SafeZipExtractor.create().extract(zip, temp.resolve("out"));
    assertThat(permissions(temp.resolve("out/pkg"))).isEqualTo("rwxr-xr-x");
    assertThat(permissions(temp.resolve("out/pkg/__init__.py"))).isEqualTo("rw-r--r--");
  }

  @ParameterizedTest
  @EnumSource(value = HostileArchives.Kind.class, names = "HARDLINK_ESCAPE",
      mode = EnumSource.Mode.EXCLUDE)
  void refusesHostileZips(HostileArchives.Kind kind) throws IOException {
    Path zip = HostileArchives.zip(kind, temp);
    Path target = temp.resolve("out/layer");

    assertThatThrownBy(() -> SafeZipExtractor.create().extract(zip, target))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageStartingWith(zip + ": refusing entry '" + kind.entry() + "'");

    assertThat(target).doesNotExist();
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertThat(left).isEmpty();
    }
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
