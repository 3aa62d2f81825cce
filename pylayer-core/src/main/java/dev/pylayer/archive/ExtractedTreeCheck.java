package dev.pylayer.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks that a directory is still exactly what {@link ArchiveExtractor} made of a tar archive:
 * every file with the same bytes and permission bits, every link with the same target, and
 * nothing added. A tree kept between builds (the host interpreter pylayer runs to byte-compile a
 * layer for another architecture) is trusted only as far as the archive it came from, whose hash
 * is checked; this check extends that trust to the tree. It reads the archive and the tree once,
 * streaming, and never writes.
 */
public final class ExtractedTreeCheck {

  private ExtractedTreeCheck() {}

  /**
   * The first difference between {@code tree} and the extraction of {@code archive} (with
   * entries kept as they are, like {@link ArchiveExtractor#create()}), or empty when they match.
   */
  public static Optional<String> firstDifference(Path archive, Path tree) throws IOException {
    String label = archive.toString();
    Set<String> expected = new HashSet<>();
    Set<String> links = new HashSet<>();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        InputStream tar = ArchiveExtractor.decompressed(label, raw);
        TarArchiveInputStream entries = new TarArchiveInputStream(tar)) {
      TarArchiveEntry entry;
      while ((entry = entries.getNextEntry()) != null) {
        String path = SafePaths.normalizeEntryName(label, entry.getName());
        if (path.isEmpty()) {
          continue;
        }
        addWithParents(expected, path);
        if (entry.isSymbolicLink()) {
          links.add(path);
        }
        Optional<String> difference = compare(tree, path, entry, entries);
        if (difference.isPresent()) {
          return difference;
        }
      }
    }
    return firstUnexpected(tree, expected, links);
  }

  private static Optional<String> compare(Path tree, String path, TarArchiveEntry entry,
      InputStream data) throws IOException {
    Path file = tree.resolve(path);
    if (entry.isSymbolicLink()) {
      if (!Files.isSymbolicLink(file)) {
        return Optional.of(path + " should be a symbolic link");
      }
      String target = Files.readSymbolicLink(file).toString();
      return target.equals(entry.getLinkName()) ? Optional.empty()
          : Optional.of(path + " links to " + target + " instead of " + entry.getLinkName());
    }
    if (entry.isDirectory()) {
      return Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? Optional.empty()
          : Optional.of(path + " should be a directory");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(path + " is missing or no longer a regular file");
    }
    if (entry.isLink()) {
      Path linked = tree.resolve(SafePaths.normalizeEntryName(tree.toString(), entry.getLinkName()));
      try (InputStream copy = Files.newInputStream(linked)) {
        return sameBytes(copy, file) ? Optional.empty()
            : Optional.of(path + " differs from the file it is a hard link to");
      }
    }
    int mode = UnixModes.fromPermissions(
        Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    int expectedMode = (entry.getMode() & 0777) | 0600;
    if (mode != expectedMode) {
      return Optional.of(path + " has mode " + UnixModes.toString(mode) + " instead of "
          + UnixModes.toString(expectedMode));
    }
    return sameBytes(data, file) ? Optional.empty() : Optional.of(path + " has other content");
  }

  /** Whether the rest of {@code expected} equals the content of {@code file}, read in step. */
  private static boolean sameBytes(InputStream expected, Path file) throws IOException {
    byte[] want = new byte[64 * 1024];
    byte[] have = new byte[64 * 1024];
    try (InputStream actual = Files.newInputStream(file)) {
      while (true) {
        int n = expected.readNBytes(want, 0, want.length);
        int m = actual.readNBytes(have, 0, want.length);
        if (n != m || !Arrays.equals(want, 0, n, have, 0, m)) {
          return false;
        }
        if (n < want.length) {
          return actual.read() < 0;
        }
      }
    }
  }

  private static void addWithParents(Set<String> expected, String path) {
    for (String p = path; !p.isEmpty(); p = SafePaths.parentOf(p)) {
      if (!expected.add(p)) {
        return;
      }
    }
  }

  /** The first path in the tree that extracting the archive would not have made. */
  private static Optional<String> firstUnexpected(Path tree, Set<String> expected,
      Set<String> links) throws IOException {
    String[] found = new String[1];
    Files.walkFileTree(tree, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return check(dir);
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink() && !links.contains(relative(file))) {
          // A directory swapped for a link would pass the content checks through the link.
          found[0] = relative(file) + " was replaced by a symbolic link";
          return FileVisitResult.TERMINATE;
        }
        return check(file);
      }

      private String relative(Path path) {
        return tree.relativize(path).toString().replace('\\', '/');
      }

      private FileVisitResult check(Path path) {
        if (path.equals(tree)) {
          return FileVisitResult.CONTINUE;
        }
        if (!expected.contains(relative(path))) {
          found[0] = relative(path) + " was added (it is not in the archive)";
          return FileVisitResult.TERMINATE;
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return Optional.ofNullable(found[0]);
  }
}
