package dev.pylayer.optimize;

import java.util.List;

/**
 * What {@link PackagePruner} removed: bytes and files per rule, in rule order, and where the
 * licence files went.
 */
public record PruneReport(List<Entry> entries, int licenseFiles) {

  public PruneReport {
    entries = List.copyOf(entries);
  }

  /** One rule's tally. */
  public record Entry(String rule, long bytes, int files) {}

  /** Bytes removed by every rule together. */
  public long totalBytes() {
    return entries.stream().mapToLong(Entry::bytes).sum();
  }
}
