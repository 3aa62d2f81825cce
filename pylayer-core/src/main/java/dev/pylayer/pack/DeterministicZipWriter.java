package dev.pylayer.pack;

import dev.pylayer.files.Sha256;
import dev.pylayer.files.AtomicFiles;
import dev.pylayer.archive.SafePaths;
import dev.pylayer.archive.UnixModes;
import dev.pylayer.archive.UnsafeArchiveException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes a directory tree to a zip that depends only on the tree's names, contents, symbolic links
 * and executable bits: building the same layer twice, on any machine, in any time zone, gives the
 * same bytes and the same SHA-256.
 *
 * <ul>
 *   <li>entries sorted bytewise by UTF-8 name, directories included (with a trailing {@code /}),
 *       which namespace packages need when imported from a zip;
 *   <li>one timestamp for every entry: SOURCE_DATE_EPOCH when set, else {@link
 *       #DEFAULT_TIMESTAMP}; never before 1980 (the earliest a zip can hold; a 1970 date unpacks
 *       as 2098 in some tools and breaks {@code .pyc} timestamp checks);
 *   <li>Unix modes in the external attributes: {@code 0755} for directories and any file with the
 *       owner-execute bit, {@code 0644} otherwise, so {@code /opt/python/bin/python3.11} stays
 *       executable on Lambda; no uid/gid, no extended-timestamp or other extra fields;
 *   <li>symbolic links stored once, as links (mode {@code 0120777}, data = target), never followed;
 *   <li>DEFLATE at a fixed level for files, or STORED at level 0; directories and links stored.
 * </ul>
 *
 * <p>The zip is written to a temporary file in the target directory and moved into place when
 * complete. DEFLATE output also depends on the zlib the JDK uses; JDK builds that bundle zlib
 * agree.
 */
public final class DeterministicZipWriter {

  /** The timestamp used when none is given and SOURCE_DATE_EPOCH is unset. */
  public static final Instant DEFAULT_TIMESTAMP = Instant.parse("2020-01-01T00:00:00Z");
  /** The earliest time a zip entry can carry. */
  public static final Instant EARLIEST = Instant.parse("1980-01-01T00:00:00Z");
  /** The latest time a zip entry can carry. */
  public static final Instant LATEST = Instant.parse("2107-12-31T23:59:58Z");

  private static final int DIRECTORY_MODE = UnixModes.S_IFDIR | 0755;
  private static final int EXECUTABLE_MODE = UnixModes.S_IFREG | 0755;
  private static final int FILE_MODE = UnixModes.S_IFREG | 0644;
  private static final int SYMLINK_MODE = UnixModes.S_IFLNK | 0777;

  private final Instant timestamp;
  private final int level;
  private final List<String> notes;

  private DeterministicZipWriter(Instant timestamp, int level, List<String> notes) {
    this.timestamp = timestamp;
    this.level = level;
    this.notes = List.copyOf(notes);
  }

  /** A writer with the default timestamp rules (SOURCE_DATE_EPOCH of this process) and level 9. */
  public static DeterministicZipWriter create() {
    return builder().build();
  }

  /** Starts configuring a writer. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link DeterministicZipWriter}. */
  public static final class Builder {
    private Instant timestamp;
    private Map<String, String> environment = System.getenv();
    private int level = Deflater.BEST_COMPRESSION;

    private Builder() {}

    /** Dates every entry at {@code timestamp} (clamped to 1980..2107), ignoring the environment. */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
      return this;
    }

    /** Reads SOURCE_DATE_EPOCH from {@code environment} instead of the process environment. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** The DEFLATE level, 0 (files stored, not compressed) to 9 (smallest, the default). */
    public Builder compressionLevel(int level) {
      this.level = checkedLevel(level);
      return this;
    }

    /**
     * Builds the writer.
     *
     * @throws IllegalArgumentException if SOURCE_DATE_EPOCH is set but not an integer
     */
    public DeterministicZipWriter build() {
      List<String> notes = new ArrayList<>();
      Instant chosen = timestamp;
      String what = "the timestamp";
      if (chosen == null) {
        String epoch = environment.get("SOURCE_DATE_EPOCH");
        if (epoch != null && !epoch.isBlank()) {
          try {
            chosen = Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
          } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH='" + epoch + "' is not a number"
                + " of seconds since 1970-01-01T00:00:00Z; unset it or set e.g. 1577836800", e);
          }
          what = "SOURCE_DATE_EPOCH " + epoch.trim() + " (" + chosen + ")";
        } else {
          chosen = DEFAULT_TIMESTAMP;
        }
      }
      if (chosen.isBefore(EARLIEST)) {
        notes.add(what + " is before 1980-01-01, the earliest date a zip can hold; entries are"
            + " dated " + EARLIEST);
        chosen = EARLIEST;
      } else if (chosen.isAfter(LATEST)) {
        notes.add(what + " is after 2107, the latest date a zip can hold; entries are dated "
            + LATEST);
        chosen = LATEST;
      }
      return new DeterministicZipWriter(chosen, level, notes);
    }
  }

  /** The time every entry carries (zip keeps it to two seconds). */
  public Instant timestamp() {
    return timestamp;
  }

  /** The DEFLATE level (0: files are stored). */
  public int compressionLevel() {
    return level;
  }

  /** This writer with another level and the same timestamp. */
  public DeterministicZipWriter withCompressionLevel(int level) {
    return new DeterministicZipWriter(timestamp, checkedLevel(level), notes);
  }

  private static int checkedLevel(int level) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("compression level must be 0..9, got " + level);
    }
    return level;
  }

  /** Notes about the configuration, e.g. a clamped SOURCE_DATE_EPOCH. */
  public List<String> notes() {
    return notes;
  }

  /**
   * Zips everything under {@code sourceDir}, named relative to it (a layer root gives {@code
   * python/...} entries).
   */
  public ZipWriteResult write(Path sourceDir, Path zipFile) throws IOException {
    return write(sourceDir, zipFile, "", path -> true);
  }

  /**
   * Zips the part of {@code sourceDir} that {@code include} accepts, each name prefixed with
   * {@code prefix} (for which directory entries are added too).
   *
   * @param prefix {@code ""} or a relative directory such as {@code "python/lib/"}
   * @param include receives paths relative to {@code sourceDir}, {@code /}-separated, directories
   *     with a trailing {@code /}; a refused directory is skipped with everything in it
   * @throws IOException if the tree holds special files (FIFOs, sockets, devices) or links
   *     pointing outside it, or writing fails; no zip is left behind then
   */
  public ZipWriteResult write(Path sourceDir, Path zipFile, String prefix,
      Predicate<String> include) throws IOException {
    if (!Files.isDirectory(sourceDir)) {
      throw new IOException(sourceDir + " is not a directory; nothing to zip");
    }
    Path target = zipFile.toAbsolutePath().normalize();
    if (target.startsWith(sourceDir.toAbsolutePath().normalize())) {
      throw new IOException("the zip " + zipFile + " would be written inside the tree it zips ("
          + sourceDir + "); choose a path outside it");
    }
    String normalizedPrefix = normalizePrefix(prefix);
    List<Item> items = collect(sourceDir, normalizedPrefix, include);
    items.sort(Comparator.comparing(item -> item.nameBytes, Arrays::compareUnsigned));

    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
    try {
      long uncompressed = writeEntries(items, temp);
      ZipTimestamps.patch(temp, LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC));
      String sha256 = Sha256.of(temp);
      long size = Files.size(temp);
      AtomicFiles.replace(temp, target);
      int files = 0;
      int directories = 0;
      int symlinks = 0;
      for (Item item : items) {
        switch (item.kind) {
          case FILE:
            files++;
            break;
          case DIRECTORY:
            directories++;
            break;
          default:
            symlinks++;
        }
      }
      return new ZipWriteResult(target, sha256, size, items.size(), files, directories, symlinks,
          uncompressed, timestamp, notes);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private long writeEntries(List<Item> items, Path temp) throws IOException {
    // Entry times go through the JVM zone in Commons Compress; pass the instant whose local wall
    // clock equals the UTC one so no extended-time extra field is added. ZipTimestamps then
    // writes the exact UTC fields, whatever the zone.
    long entryMillis = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC)
        .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    long uncompressed = 0;
    List<Item> files = items.stream().filter(item -> item.kind == Kind.FILE).toList();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(temp);
        ParallelDeflater deflater = ParallelDeflater.forThisMachine(level, temp.getParent())) {
      zip.setEncoding(StandardCharsets.UTF_8.name());
      zip.setUseLanguageEncodingFlag(true);
      zip.setCreateUnicodeExtraFields(
          ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
      zip.setUseZip64(Zip64Mode.AsNeeded);
      Iterator<ParallelDeflater.Compressed> compressed = deflater.compressAll(
          files.stream().map(item -> item.path).iterator(),
          files.stream().map(item -> item.size).iterator());
      for (Item item : items) {
        ZipArchiveEntry entry = new ZipArchiveEntry(item.name);
        entry.setTime(entryMillis);
        switch (item.kind) {
          case DIRECTORY:
            stored(entry, new byte[0]);
            entry.setUnixMode(DIRECTORY_MODE);
            zip.putArchiveEntry(entry);
            zip.closeArchiveEntry();
            break;
          case SYMLINK:
            byte[] target = item.linkTarget.getBytes(StandardCharsets.UTF_8);
            stored(entry, target);
            entry.setUnixMode(SYMLINK_MODE);
            zip.putArchiveEntry(entry);
            zip.write(target);
            zip.closeArchiveEntry();
            uncompressed += target.length;
            break;
          default:
            try (ParallelDeflater.Compressed data = nextCompressed(compressed, item);
                InputStream raw = data.open()) {
              entry.setMethod(level == 0 ? ZipEntry.STORED : ZipEntry.DEFLATED);
              entry.setSize(data.size());
              entry.setCompressedSize(data.length());
              entry.setCrc(data.crc());
              entry.setUnixMode(item.executable ? EXECUTABLE_MODE : FILE_MODE);
              zip.addRawArchiveEntry(entry, raw);
              uncompressed += data.size();
            }
        }
      }
      zip.finish();
    }
    return uncompressed;
  }

  /** The next compressed file, which must still have the size it had when the tree was read. */
  private static ParallelDeflater.Compressed nextCompressed(
      Iterator<ParallelDeflater.Compressed> compressed, Item item) throws IOException {
    ParallelDeflater.Compressed data;
    try {
      data = compressed.next();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (data.size() != item.size) {
      throw new IOException(item.path + " changed while it was being zipped (" + item.size
          + " bytes, then " + data.size() + "); nothing else may write to the layer tree during"
          + " a build");
    }
    return data;
  }

  private static void stored(ZipArchiveEntry entry, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    entry.setCrc(crc.getValue());
  }

  private enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  private static final class Item {
    final String name;
    final byte[] nameBytes;
    final Kind kind;
    final Path path;
    final boolean executable;
    final String linkTarget;
    final long size;

    Item(String name, Kind kind, Path path, boolean executable, String linkTarget, long size) {
      this.name = name;
      this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
      this.kind = kind;
      this.path = path;
      this.executable = executable;
      this.linkTarget = linkTarget;
      this.size = size;
    }
  }

  private static List<Item> collect(Path sourceDir, String prefix, Predicate<String> include)
      throws IOException {
    List<Item> items = new ArrayList<>();
    if (!prefix.isEmpty()) {
      StringBuilder parent = new StringBuilder();
      for (String segment : prefix.split("/")) {
        parent.append(segment).append('/');
        items.add(new Item(parent.toString(), Kind.DIRECTORY, null, true, null, 0));
      }
    }
    Files.walkFileTree(sourceDir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(sourceDir)) {
          return FileVisitResult.CONTINUE;
        }
        String relative = relativeName(sourceDir, dir) + "/";
        if (!include.test(relative)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        items.add(new Item(prefix + relative, Kind.DIRECTORY, dir, true, null, 0));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String relative = relativeName(sourceDir, file);
        if (!include.test(relative)) {
          return FileVisitResult.CONTINUE;
        }
        if (attrs.isSymbolicLink()) {
          String target = Files.readSymbolicLink(file).toString();
          try {
            SafePaths.resolveLinkTarget(sourceDir.toString(), relative, relative, target);
          } catch (UnsafeArchiveException e) {
            throw new IOException("cannot zip " + file + ": " + e.problem()
                + "; the link would not work once the zip is unpacked elsewhere", e);
          }
          items.add(new Item(prefix + relative, Kind.SYMLINK, file, false, target, 0));
        } else if (attrs.isRegularFile()) {
          items.add(new Item(prefix + relative, Kind.FILE, file, isOwnerExecutable(file), null,
              attrs.size()));
        } else {
          throw new IOException("cannot zip " + file + ": it is not a regular file, directory or"
              + " symbolic link (a FIFO, socket or device)");
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return items;
  }

  private static String relativeName(Path root, Path path) {
    Path relative = root.relativize(path);
    StringBuilder name = new StringBuilder();
    for (Path segment : relative) {
      if (name.length() > 0) {
        name.append('/');
      }
      name.append(segment.toString());
    }
    return name.toString();
  }

  private static boolean isOwnerExecutable(Path file) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    if (posix != null) {
      return posix.readAttributes().permissions().contains(PosixFilePermission.OWNER_EXECUTE);
    }
    return Files.isExecutable(file);
  }

  private static String normalizePrefix(String prefix) throws UnsafeArchiveException {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    String normalized = SafePaths.normalizeEntryName("zip prefix", prefix);
    return normalized.isEmpty() ? "" : normalized + "/";
  }
}
