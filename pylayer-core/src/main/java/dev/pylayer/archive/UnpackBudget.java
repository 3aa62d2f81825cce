package dev.pylayer.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;
import org.apache.commons.compress.utils.InputStreamStatistics;

/**
 * Counts what one archive unpacks against its {@link UnpackLimits}. Entry data is read through
 * {@link #limit}, which throws {@link UnpackLimitException} before handing out the first byte over
 * a limit, so a caller writing what it reads never writes more than the limit.
 */
public final class UnpackBudget {

  private final String archive;
  private final UnpackLimits limits;
  private long bytes;
  private int entries;

  UnpackBudget(String archive, UnpackLimits limits) {
    this.archive = archive;
    this.limits = limits;
  }

  /** Bytes of entry data handed out so far. */
  public long bytes() {
    return bytes;
  }

  /** Counts one more entry (a file, directory or link). */
  public void countEntry(String entry) throws UnpackLimitException {
    if (++entries > limits.maxEntries()) {
      throw new UnpackLimitException(archive, entry, "it has more than " + limits.maxEntries()
          + " entries, the limit");
    }
  }

  /** Checks an entry count known up front (a zip's central directory) before unpacking. */
  public void checkEntryCount(int count) throws UnpackLimitException {
    if (count > limits.maxEntries()) {
      throw new UnpackLimitException(archive, "", "it has " + count + " entries, more than the"
          + " limit of " + limits.maxEntries());
    }
  }

  /** Counts bytes written for an entry that is not read through {@link #limit} (a copy). */
  public void countBytes(String entry, long n) throws UnpackLimitException {
    bytes += n;
    if (bytes > limits.maxBytes()) {
      throw overBytes(entry);
    }
  }

  /**
   * The data of one entry, counted.
   *
   * @param compressedBytes how many compressed bytes have been consumed so far (of this entry
   *     for a zip, of the whole stream for a compressed tar), for the ratio check; see {@link
   *     #compressedCount}
   */
  public InputStream limit(String entry, InputStream data, LongSupplier compressedBytes) {
    return new FilterInputStream(data) {
      private long entryBytes;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        // Never hand out more than the limit allows: read at most one byte past it, to detect.
        long room = limits.maxBytes() - bytes;
        int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, room + 1)));
        if (n <= 0) {
          return n;
        }
        entryBytes += n;
        bytes += n;
        if (bytes > limits.maxBytes()) {
          throw overBytes(entry);
        }
        if (entryBytes > UnpackLimits.RATIO_FLOOR_BYTES) {
          long compressed = Math.max(1, compressedBytes.getAsLong());
          if (entryBytes / compressed > limits.maxRatio()) {
            throw new UnpackLimitException(archive, entry, "it expands more than "
                + limits.maxRatio() + " times (" + entryBytes + " bytes from " + compressed
                + " compressed bytes so far), the limit for one entry; this looks like a"
                + " decompression bomb");
          }
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        return read(new byte[(int) Math.min(n, 8192)]) < 0 ? 0 : n; // counted like a read
      }
    };
  }

  /**
   * The compressed bytes a Commons Compress stream has consumed so far, when it counts them (its
   * zip entry streams do); else {@code fallback}, a fixed count such as the entry's compressed
   * size from the zip's directory.
   */
  public static LongSupplier compressedCount(InputStream data, long fallback) {
    if (data instanceof InputStreamStatistics statistics) {
      return statistics::getCompressedCount;
    }
    return () -> fallback;
  }

  private UnpackLimitException overBytes(String entry) {
    return new UnpackLimitException(archive, entry, "it unpacks to more than "
        + UnpackLimits.describeBytes(limits.maxBytes()) + ", the limit (Lambda's unzipped limit"
        + " for a function and all its layers is 250 MB); raise it with [limits] unpacked-mb in"
        + " the spec or --max-unpacked-mb only if the archive is trusted and really that large");
  }
}
