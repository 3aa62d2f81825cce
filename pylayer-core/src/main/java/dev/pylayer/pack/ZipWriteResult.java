package dev.pylayer.pack;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What {@link DeterministicZipWriter} wrote: the zip, its digest and what went in. */
public final class ZipWriteResult {

  private final Path zip;
  private final String sha256;
  private final long size;
  private final int entries;
  private final int files;
  private final int directories;
  private final int symlinks;
  private final long uncompressedBytes;
  private final Instant timestamp;
  private final List<String> notes;

  ZipWriteResult(Path zip, String sha256, long size, int entries, int files, int directories,
      int symlinks, long uncompressedBytes, Instant timestamp, List<String> notes) {
    this.zip = zip;
    this.sha256 = sha256;
    this.size = size;
    this.entries = entries;
    this.files = files;
    this.directories = directories;
    this.symlinks = symlinks;
    this.uncompressedBytes = uncompressedBytes;
    this.timestamp = timestamp;
    this.notes = List.copyOf(notes);
  }

  /** The zip file written. */
  public Path zip() {
    return zip;
  }

  /** The zip's SHA-256, lower-case hex. */
  public String sha256() {
    return sha256;
  }

  /** The zip's size in bytes. */
  public long size() {
    return size;
  }

  /** All entries: files, directories and symbolic links. */
  public int entries() {
    return entries;
  }

  /** Regular file entries. */
  public int files() {
    return files;
  }

  /** Directory entries. */
  public int directories() {
    return directories;
  }

  /** Symbolic link entries. */
  public int symlinks() {
    return symlinks;
  }

  /** Bytes of file contents and link targets before compression. */
  public long uncompressedBytes() {
    return uncompressedBytes;
  }

  /** The time every entry carries. */
  public Instant timestamp() {
    return timestamp;
  }

  /** Notes for the user, e.g. a SOURCE_DATE_EPOCH that had to be clamped. */
  public List<String> notes() {
    return notes;
  }

  @Override
  public String toString() {
    return zip + ": " + size + " bytes, " + entries + " entries (" + files + " files, "
        + directories + " directories, " + symlinks + " symlinks), " + uncompressedBytes
        + " bytes uncompressed, sha256 " + sha256;
  }
}
