package dev.pylayer.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Operations on whole directory trees. Symbolic links are never followed. */
public final class FileTrees {

  /** What a deletion or a measurement counted: regular-file bytes and entries (files and links). */
  public record Measure(long bytes, int files) {
    public Measure plus(Measure other) {
      return new Measure(bytes + other.bytes, files + other.files);
    }
  }

  private FileTrees() {}

  /**
   * Deletes a file, link or tree (a missing one is fine) and returns what it held.
   *
   * @throws IOException when something cannot be deleted (e.g. a read-only directory: see {@code
   *     SafeZipExtractor.makeWritable})
   */
  public static Measure delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return new Measure(0, 0);
    }
    long[] removed = new long[2];
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          removed[0] += attrs.size();
        }
        removed[1]++;
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
    return new Measure(removed[0], (int) removed[1]);
  }

  /** The entries of directory {@code dir}, sorted by name (the order every walk here relies on). */
  public static List<Path> sortedChildren(Path dir) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    }
    children.sort(null);
    return children;
  }

  /** The regular-file bytes and entries under {@code path} (links count as entries of 0 bytes). */
  public static Measure measure(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return new Measure(0, 0);
    }
    long[] sum = new long[2];
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          sum[0] += attrs.size();
        }
        sum[1]++;
        return FileVisitResult.CONTINUE;
      }
    });
    return new Measure(sum[0], (int) sum[1]);
  }

  /**
   * Deletes every directory below {@code root} that is empty or becomes empty once its own empty
   * directories are gone; {@code root} itself stays. A package directory whose files were all
   * removed must go too: left empty, Python would import it as a namespace package.
   */
  public static void deleteEmptyDirectoriesBelow(Path root) throws IOException {
    for (Path child : sortedChildren(root)) {
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        deleteEmptyDirectoriesBelow(child);
        if (isEmptyDirectory(child)) {
          Files.delete(child);
        }
      }
    }
  }

  /** Whether {@code path} is a directory (not a link to one) without entries. */
  public static boolean isEmptyDirectory(Path path) throws IOException {
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
      return !stream.iterator().hasNext();
    }
  }

  /**
   * Copies a tree, keeping symbolic links as links and file permissions; {@code target} must not
   * exist.
   */
  public static void copy(Path source, Path target) throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        Path to = target.resolve(source.relativize(dir).toString());
        Files.createDirectories(to);
        Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(dir));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path to = target.resolve(source.relativize(file).toString());
        if (attrs.isSymbolicLink()) {
          Files.createSymbolicLink(to, Files.readSymbolicLink(file));
        } else {
          Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
