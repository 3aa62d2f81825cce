package dev.pylayer.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One row of a {@code RECORD} file: a path relative to the install root ({@code /} separated), its
 * hash as {@code <algorithm>=<urlsafe-base64-nopad digest>} (empty for {@code RECORD} itself and
 * for files an installer chose not to hash, such as generated {@code .pyc}), and its size in bytes
 * when known.
 */
public final class RecordEntry {

  private final String path;
  private final String hash;
  private final long size;

  private RecordEntry(String path, String hash, long size) {
    this.path = Objects.requireNonNull(path, "path");
    this.hash = Objects.requireNonNull(hash, "hash");
    this.size = size;
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a RECORD row needs a path");
    }
    if (!hash.isEmpty() && hash.indexOf('=') <= 0) {
      throw new IllegalArgumentException(
          "RECORD row for '" + path + "': hash '" + hash + "' is not <algorithm>=<digest>");
    }
  }

  /** A row with a hash ({@code sha256=...}) and a size. */
  public static RecordEntry of(String path, String hash, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("RECORD row for '" + path + "': negative size " + size);
    }
    return new RecordEntry(path, hash, size);
  }

  /** A row for {@code file} as it is now: its sha256 in RECORD's encoding and its size. */
  public static RecordEntry ofFile(String path, Path file) throws IOException {
    MessageDigest digest = FileDigests.sha256();
    long size;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      size = in.transferTo(OutputStream.nullOutputStream());
    }
    return of(path, "sha256=" + FileDigests.encode(digest.digest()), size);
  }

  /** A row with a hash but no size (allowed by the format, if unusual). */
  public static RecordEntry withoutSize(String path, String hash) {
    return new RecordEntry(path, hash, -1);
  }

  /** A row with neither hash nor size, as {@code RECORD} lists itself. */
  public static RecordEntry unhashed(String path) {
    return new RecordEntry(path, "", -1);
  }

  public String path() {
    return path;
  }

  /** {@code <algorithm>=<digest>}, or empty when the row has no hash. */
  public String hash() {
    return hash;
  }

  public boolean hasHash() {
    return !hash.isEmpty();
  }

  /** The algorithm part of {@link #hash()} ({@code sha256}); empty when there is no hash. */
  public String hashAlgorithm() {
    return hash.isEmpty() ? "" : hash.substring(0, hash.indexOf('='));
  }

  /** The urlsafe base64 digest part of {@link #hash()}; empty when there is no hash. */
  public String hashValue() {
    return hash.isEmpty() ? "" : hash.substring(hash.indexOf('=') + 1);
  }

  /** The size in bytes, when the row gives one. */
  public OptionalLong size() {
    return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RecordEntry)) {
      return false;
    }
    RecordEntry other = (RecordEntry) o;
    return path.equals(other.path) && hash.equals(other.hash) && size == other.size;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, hash, size);
  }

  @Override
  public String toString() {
    return path + "," + hash + "," + (size < 0 ? "" : Long.toString(size));
  }
}
