package dev.pylayer.lock;

import java.net.URI;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One wheel of a locked package: everything an installer needs to fetch and verify it without
 * asking an index. Sorted by file name.
 *
 * @param filename the wheel's file name (PEP 427)
 * @param url where it is (http(s), or file for a local find-links wheel)
 * @param size its size in bytes, when known
 * @param sha256 its sha256, lower-case hex
 */
public record LockedWheel(String filename, URI url, OptionalLong size, String sha256)
    implements Comparable<LockedWheel> {

  public LockedWheel {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(sha256, "sha256");
  }

  @Override
  public int compareTo(LockedWheel o) {
    return filename.compareTo(o.filename);
  }
}
