package dev.pylayer.archive;

/**
 * How much one archive (a wheel or an interpreter archive) may unpack to. A small download can
 * expand to gigabytes (a "zip bomb"), so extraction counts what it writes and stops at the first
 * byte over a limit, instead of filling the disk or the heap and failing later for another reason.
 *
 * @param maxBytes bytes of file content, all entries together; the default is Lambda's limit for
 *     a function and all its layers unzipped (250 MB = 262,144,000 bytes), which no single part of
 *     a working layer can exceed
 * @param maxEntries entries (files, directories, links)
 * @param maxRatio uncompressed bytes per compressed byte of one entry (of the whole stream for a
 *     compressed tar, where entries have no sizes of their own); checked once an entry has
 *     unpacked more than {@link #RATIO_FLOOR_BYTES}, since tiny files legitimately compress far.
 *     DEFLATE cannot exceed about 1032:1; real wheels and interpreters stay below 30:1
 */
public record UnpackLimits(long maxBytes, int maxEntries, int maxRatio) {

  /** Lambda's limit on a function plus its layers, unzipped: 250 MB. */
  public static final long LAMBDA_UNZIPPED_BYTES = 262_144_000L;

  /** An entry is checked against {@link #maxRatio} only past this many unpacked bytes. */
  public static final long RATIO_FLOOR_BYTES = 1L << 20;

  /** 250 MB, 200,000 entries, 200:1. */
  public static final UnpackLimits DEFAULTS =
      new UnpackLimits(LAMBDA_UNZIPPED_BYTES, 200_000, 200);

  /** No limits (for archives pylayer wrote itself, such as the layer zip). */
  public static final UnpackLimits NONE =
      new UnpackLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  public UnpackLimits {
    if (maxBytes <= 0 || maxEntries <= 0 || maxRatio <= 0) {
      throw new IllegalArgumentException("unpack limits must be positive: " + maxBytes + " bytes, "
          + maxEntries + " entries, ratio " + maxRatio);
    }
  }

  /** These limits with another byte limit (from the spec or the command line). */
  public UnpackLimits withMaxBytes(long bytes) {
    return new UnpackLimits(bytes, maxEntries, maxRatio);
  }

  /** Starts counting for one archive. */
  public UnpackBudget start(String archive) {
    return new UnpackBudget(archive, this);
  }

  /** {@code 250 MiB (262144000 bytes)}: a limit as people read it, and exactly. */
  static String describeBytes(long bytes) {
    return bytes % 1_048_576 == 0 ? bytes / 1_048_576 + " MiB (" + bytes + " bytes)"
        : bytes + " bytes";
  }
}
