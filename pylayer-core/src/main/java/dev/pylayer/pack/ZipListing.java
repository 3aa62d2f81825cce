package dev.pylayer.pack;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/** The entries of a zip with their sizes, modes and link targets, and totals ({@code inspect}). */
public final class ZipListing {

  /** What an entry is. */
  public enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  /** One entry of the zip. */
  public static final class Entry {
    private final String name;
    private final Kind kind;
    private final int unixMode;
    private final long size;
    private final long compressedSize;
    private final int method;
    private final long crc;
    private final LocalDateTime time;
    private final Optional<String> linkTarget;
    private final boolean hasExtraFields;

    Entry(String name, Kind kind, int unixMode, long size, long compressedSize, int method,
        long crc, LocalDateTime time, Optional<String> linkTarget, boolean hasExtraFields) {
      this.name = name;
      this.kind = kind;
      this.unixMode = unixMode;
      this.size = size;
      this.compressedSize = compressedSize;
      this.method = method;
      this.crc = crc;
      this.time = time;
      this.linkTarget = linkTarget;
      this.hasExtraFields = hasExtraFields;
    }

    /** The entry name, directories ending in {@code /}. */
    public String name() {
      return name;
    }

    /** File, directory or symbolic link. */
    public Kind kind() {
      return kind;
    }

    /** The Unix mode with type bits ({@code 0100755}), or 0 if the zip stores none. */
    public int unixMode() {
      return unixMode;
    }

    /** The permission bits ({@code 0755}), or -1 if the zip stores no Unix mode. */
    public int permissions() {
      return unixMode == 0 ? -1 : unixMode & 07777;
    }

    /** Uncompressed size in bytes (for links: the target's length). */
    public long size() {
      return size;
    }

    /** Stored size in bytes. */
    public long compressedSize() {
      return compressedSize;
    }

    /** The compression method: 0 stored, 8 deflated. */
    public int method() {
      return method;
    }

    /** The CRC-32 of the data. */
    public long crc() {
      return crc;
    }

    /** The MS-DOS date and time fields (zip's wall clock, no zone). */
    public LocalDateTime time() {
      return time;
    }

    /** The link target, for symbolic links. */
    public Optional<String> linkTarget() {
      return linkTarget;
    }

    /** Whether the entry carries extra fields (timestamps, uid/gid, zip64) anywhere. */
    public boolean hasExtraFields() {
      return hasExtraFields;
    }

    @Override
    public String toString() {
      return String.format("%s %7o %10d %s%s", kind.name().charAt(0), unixMode, size, name,
          linkTarget.map(t -> " -> " + t).orElse(""));
    }
  }

  private final Path zip;
  private final long archiveBytes;
  private final List<Entry> entries;

  ZipListing(Path zip, long archiveBytes, List<Entry> entries) {
    this.zip = zip;
    this.archiveBytes = archiveBytes;
    this.entries = List.copyOf(entries);
  }

  /** The zip that was read. */
  public Path zip() {
    return zip;
  }

  /** The zip's size on disk. */
  public long archiveBytes() {
    return archiveBytes;
  }

  /** The entries in the order they are stored. */
  public List<Entry> entries() {
    return entries;
  }

  /** The entry with exactly this name. */
  public Optional<Entry> entry(String name) {
    return entries.stream().filter(e -> e.name.equals(name)).findFirst();
  }

  /** Number of regular file entries. */
  public int files() {
    return count(Kind.FILE);
  }

  /** Number of directory entries. */
  public int directories() {
    return count(Kind.DIRECTORY);
  }

  /** Number of symbolic link entries. */
  public int symlinks() {
    return count(Kind.SYMLINK);
  }

  /** Sum of uncompressed sizes. */
  public long uncompressedBytes() {
    return entries.stream().mapToLong(Entry::size).sum();
  }

  /** Sum of stored sizes. */
  public long compressedBytes() {
    return entries.stream().mapToLong(Entry::compressedSize).sum();
  }

  private int count(Kind kind) {
    return (int) entries.stream().filter(e -> e.kind == kind).count();
  }

  @Override
  public String toString() {
    return zip + ": " + entries.size() + " entries (" + files() + " files, " + directories()
        + " directories, " + symlinks() + " symlinks), " + uncompressedBytes()
        + " bytes uncompressed, " + archiveBytes + " bytes on disk";
  }
}
