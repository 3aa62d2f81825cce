package dev.pylayer.install;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file written by {@link WheelInstaller}: its path as the new {@code RECORD} names it (relative
 * to site-packages, {@code /} separated; {@code ../} for files outside it), where it is on disk,
 * its size and whether it is executable.
 */
public final class InstalledFile {

  private final String recordPath;
  private final Path location;
  private final long size;
  private final boolean executable;

  public InstalledFile(String recordPath, Path location, long size, boolean executable) {
    this.recordPath = Objects.requireNonNull(recordPath, "recordPath");
    this.location = Objects.requireNonNull(location, "location");
    this.size = size;
    this.executable = executable;
  }

  /** The path relative to site-packages, as in {@code RECORD}: {@code idna/core.py}. */
  public String recordPath() {
    return recordPath;
  }

  /** The absolute path on disk. */
  public Path location() {
    return location;
  }

  public long size() {
    return size;
  }

  public boolean executable() {
    return executable;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InstalledFile)) {
      return false;
    }
    InstalledFile other = (InstalledFile) o;
    return recordPath.equals(other.recordPath)
        && location.equals(other.location)
        && size == other.size
        && executable == other.executable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(recordPath, location, size, executable);
  }

  @Override
  public String toString() {
    return recordPath + " (" + size + " bytes" + (executable ? ", executable" : "") + ")";
  }
}
