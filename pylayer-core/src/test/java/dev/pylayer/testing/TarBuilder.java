package dev.pylayer.testing;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes tar archives for tests, including entries no well-behaved tool would write (absolute
 * names, {@code ..}, devices): names are stored exactly as given.
 */
public final class TarBuilder implements Closeable {

  private static final Date FIXED_TIME = Date.from(Instant.parse("2024-01-01T00:00:00Z"));

  private final TarArchiveOutputStream tar;

  private TarBuilder(OutputStream out) {
    this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** A {@code .tar.gz} (fast compression: fixtures favour build time over size). */
  public static TarBuilder gzip(Path file) throws IOException {
    GzipParameters parameters = new GzipParameters();
    parameters.setCompressionLevel(1);
    return new TarBuilder(new GzipCompressorOutputStream(
        new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), parameters));
  }

  /** An uncompressed {@code .tar}. */
  public static TarBuilder plain(Path file) throws IOException {
    return new TarBuilder(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
  }

  /** A directory entry (a trailing slash is added). */
  public TarBuilder directory(String name, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/",
        TarConstants.LF_DIR, true);
    entry.setMode(mode);
    return add(entry, null);
  }

  /** A regular file entry. */
  public TarBuilder file(String name, int mode, byte[] content) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setMode(mode);
    entry.setSize(content.length);
    return add(entry, content);
  }

  /** A regular file entry with UTF-8 text. */
  public TarBuilder file(String name, int mode, String content) throws IOException {
    return file(name, mode, content.getBytes(StandardCharsets.UTF_8));
  }

  /** A symbolic link entry. */
  public TarBuilder symlink(String name, String target) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    entry.setLinkName(target);
    entry.setMode(0777);
    return add(entry, null);
  }

  /** A hard link entry; {@code target} is an archive path. */
  public TarBuilder hardlink(String name, String target) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    entry.setLinkName(target);
    entry.setMode(0644);
    return add(entry, null);
  }

  /** An arbitrary entry (devices, FIFOs, ...), with content for regular files. */
  public TarBuilder entry(TarArchiveEntry entry, byte[] content) throws IOException {
    return add(entry, content);
  }

  /**
   * Adds {@code dir}'s contents under {@code prefix} (e.g. {@code "python/"}) in sorted order,
   * keeping permission bits and symbolic links.
   */
  public TarBuilder tree(Path dir, String prefix) throws IOException {
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(p -> !p.equals(dir)).forEach(paths::add);
    }
    paths.sort(null);
    for (Path path : paths) {
      String name = prefix + dir.relativize(path).toString();
      if (Files.isSymbolicLink(path)) {
        symlink(name, Files.readSymbolicLink(path).toString());
      } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        directory(name, mode(path));
      } else {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setMode(mode(path));
        entry.setSize(Files.size(path));
        entry.setModTime(FIXED_TIME);
        tar.putArchiveEntry(entry);
        try (InputStream in = Files.newInputStream(path)) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
      }
    }
    return this;
  }

  private static int mode(Path path) throws IOException {
    String text = PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    int mode = 0;
    for (int i = 0; i < 9; i++) {
      if (text.charAt(i) != '-') {
        mode |= 1 << (8 - i);
      }
    }
    return mode;
  }

  private TarBuilder add(TarArchiveEntry entry, byte[] content) throws IOException {
    entry.setModTime(FIXED_TIME);
    tar.putArchiveEntry(entry);
    if (content != null) {
      tar.write(content);
    }
    tar.closeArchiveEntry();
    return this;
  }

  @Override
  public void close() throws IOException {
    tar.finish();
    tar.close();
  }
}
