package dev.pylayer.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Safely extracts an interpreter archive ({@code .tar.gz}, {@code .tar.bz2} or plain {@code .tar})
 * into a new directory. See {@link SafeTreeWriter} for the rules; in short: no absolute or
 * {@code ..} names, no links leaving the tree, no devices or FIFOs, Unix modes and symbolic links
 * preserved, and all-or-nothing output.
 *
 * <p>{@code .tar.zst} and {@code .tar.xz} are refused with a hint: pylayer ships no zstd or xz
 * decoder, and python-build-standalone publishes every interpreter as an install_only {@code
 * .tar.gz}.
 */
public final class ArchiveExtractor {

  private static final byte[] GZIP = {0x1f, (byte) 0x8b};
  private static final byte[] BZIP2 = {'B', 'Z', 'h'};
  private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
  private static final byte[] ZIP = {'P', 'K', 3, 4};
  private static final byte[] USTAR = "ustar".getBytes(StandardCharsets.US_ASCII);
  private static final int USTAR_OFFSET = 257;

  private final String stripLeadingDirectory;
  private final UnpackLimits limits;

  private ArchiveExtractor(String stripLeadingDirectory, UnpackLimits limits) {
    this.stripLeadingDirectory = stripLeadingDirectory;
    this.limits = limits;
  }

  /**
   * An extractor that keeps entry names as they are (PBS: the tree gets a top-level python/),
   * within {@link UnpackLimits#DEFAULTS}.
   */
  public static ArchiveExtractor create() {
    return new ArchiveExtractor("", UnpackLimits.DEFAULTS);
  }

  /** This extractor with other limits on what one archive may unpack to. */
  public ArchiveExtractor limits(UnpackLimits limits) {
    return new ArchiveExtractor(stripLeadingDirectory, java.util.Objects.requireNonNull(limits));
  }

  /**
   * An extractor that requires every entry under {@code directory} and removes that first segment:
   * with {@code "python"}, {@code python/bin/python3.11} lands at {@code <target>/bin/python3.11}.
   */
  public ArchiveExtractor stripLeadingDirectory(String directory) {
    return new ArchiveExtractor(directory, limits);
  }

  /**
   * Extracts {@code archive} into {@code target}, which must not exist. On any error nothing is
   * left at or next to {@code target}.
   *
   * @throws UnsafeArchiveException if an entry is refused (the message names archive and entry)
   * @throws UnpackLimitException if the archive unpacks to more than the limits allow
   * @throws IOException if the archive is not a supported tar or cannot be read
   */
  public ExtractionResult extract(Path archive, Path target) throws IOException {
    String label = archive.toString();
    UnpackBudget budget = limits.start(label);
    try (CountingInput raw = new CountingInput(Files.newInputStream(archive));
        InputStream tar = decompressed(label, new BufferedInputStream(raw, 1 << 16));
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        SafeTreeWriter tree = SafeTreeWriter.open(label, target, stripLeadingDirectory, budget)) {
      TarArchiveEntry entry;
      while ((entry = nextEntry(label, entries)) != null) {
        // A tar.gz has no per-entry compressed sizes: the ratio is that of the stream so far.
        write(tree, budget.limit(entry.getName(), entries, raw::count), entry);
      }
      return tree.commit();
    }
  }

  /** Counts the compressed bytes read from the archive file. */
  private static final class CountingInput extends java.io.FilterInputStream {
    private long count;

    CountingInput(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  private static TarArchiveEntry nextEntry(String label, TarArchiveInputStream entries)
      throws IOException {
    try {
      return entries.getNextEntry();
    } catch (IOException e) {
      throw new IOException(label + ": the tar data is corrupt or truncated: " + e.getMessage(), e);
    }
  }

  private static void write(SafeTreeWriter tree, InputStream data, TarArchiveEntry entry)
      throws IOException {
    String name = entry.getName();
    if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      throw tree.refuse(name, "device files cannot be part of a layer");
    } else if (entry.isFIFO()) {
      throw tree.refuse(name, "named pipes (FIFOs) cannot be part of a layer");
    } else if (entry.isSymbolicLink()) {
      tree.symlink(name, entry.getLinkName());
    } else if (entry.isLink()) {
      tree.hardlink(name, entry.getLinkName());
    } else if (entry.isDirectory()) {
      tree.directory(name, entry.getMode());
    } else if (isRegularFile(entry)) {
      tree.file(name, entry.getMode(), data);
    } else {
      throw tree.refuse(name, "unsupported tar entry type '" + (char) entry.getLinkFlag() + "'");
    }
  }

  private static boolean isRegularFile(TarArchiveEntry entry) {
    byte flag = entry.getLinkFlag();
    return flag == TarArchiveEntry.LF_NORMAL
        || flag == TarArchiveEntry.LF_OLDNORM
        || flag == TarArchiveEntry.LF_CONTIG
        || entry.isSparse();
  }

  /** Picks the decompressor from the first bytes, whatever the file is called. */
  static InputStream decompressed(String label, InputStream raw) throws IOException {
    raw.mark(USTAR_OFFSET + USTAR.length);
    byte[] head = raw.readNBytes(USTAR_OFFSET + USTAR.length);
    raw.reset();
    if (startsWith(head, GZIP)) {
      return GzipCompressorInputStream.builder()
          .setInputStream(raw)
          .setDecompressConcatenated(true)
          .get();
    }
    if (startsWith(head, BZIP2)) {
      return new BZip2CompressorInputStream(raw, true);
    }
    if (startsWith(head, ZSTD)) {
      throw new IOException(label + ": .tar.zst archives need zstd, which pylayer does not ship;"
          + " choose an install_only .tar.gz build");
    }
    if (startsWith(head, XZ)) {
      throw new IOException(label + ": .tar.xz archives need xz, which pylayer does not ship;"
          + " choose an install_only .tar.gz build");
    }
    if (startsWith(head, ZIP)) {
      throw new IOException(label + ": this is a zip archive, not a tar; interpreter archives are"
          + " .tar.gz (use SafeZipExtractor for layer zips)");
    }
    if (head.length >= USTAR_OFFSET + USTAR.length
        && Arrays.equals(
            head, USTAR_OFFSET, USTAR_OFFSET + USTAR.length, USTAR, 0, USTAR.length)) {
      return raw;
    }
    throw new IOException(label + ": not a .tar.gz, .tar.bz2 or .tar archive (it starts with "
        + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(8, head.length)) + ")");
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    return data.length >= prefix.length
        && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
  }
}
