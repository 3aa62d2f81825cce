package dev.pylayer.lock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Just enough of the zip format (APPNOTE 6.3) to find one entry of a remote archive from byte
 * ranges: the end of central directory record (and its zip64 form), the central directory, and a
 * local file header with the entry's data. Works on byte arrays so the caller decides what to
 * download.
 */
final class ZipDirectory {

  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int LOCAL = 0x04034b50;
  static final int EOCD_MIN = 22;
  static final int LOCAL_HEADER = 30;

  private ZipDirectory() {}

  /** Where the central directory is, as the end record says. */
  record Location(long offset, long size) {}

  /** One central directory entry. */
  record Entry(String name, int method, long compressedSize, long localHeaderOffset) {}

  /**
   * Finds the central directory from the archive's tail.
   *
   * @param tail the last bytes of the archive
   * @param tailStart the archive offset of {@code tail[0]}
   * @return the location, or null if the zip64 record lies before the tail (read more)
   * @throws IOException if the tail has no end of central directory record
   */
  static Location locate(byte[] tail, long tailStart) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = -1;
    for (int i = tail.length - EOCD_MIN; i >= Math.max(0, tail.length - EOCD_MIN - 0xffff); i--) {
      if (b.getInt(i) == EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw new IOException("no end of central directory record: not a zip archive");
    }
    long size = Integer.toUnsignedLong(b.getInt(eocd + 12));
    long offset = Integer.toUnsignedLong(b.getInt(eocd + 16));
    if (size != 0xffffffffL && offset != 0xffffffffL) {
      return new Location(offset, size);
    }
    int locator = eocd - 20;
    if (locator < 0 || b.getInt(locator) != ZIP64_LOCATOR) {
      throw new IOException("a zip64 archive without its end of central directory locator");
    }
    long zip64 = b.getLong(locator + 8) - tailStart;
    if (zip64 < 0) {
      return null;
    }
    if (b.getInt((int) zip64) != ZIP64_EOCD) {
      throw new IOException("broken zip64 end of central directory record");
    }
    return new Location(b.getLong((int) zip64 + 48), b.getLong((int) zip64 + 40));
  }

  /** The entries of a central directory. */
  static List<Entry> entries(byte[] directory) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(directory).order(ByteOrder.LITTLE_ENDIAN);
    List<Entry> out = new ArrayList<>();
    int p = 0;
    while (p + 46 <= directory.length && b.getInt(p) == CENTRAL) {
      int method = Short.toUnsignedInt(b.getShort(p + 10));
      long compressed = Integer.toUnsignedLong(b.getInt(p + 20));
      long uncompressed = Integer.toUnsignedLong(b.getInt(p + 24));
      int nameLength = Short.toUnsignedInt(b.getShort(p + 28));
      int extraLength = Short.toUnsignedInt(b.getShort(p + 30));
      int commentLength = Short.toUnsignedInt(b.getShort(p + 32));
      long local = Integer.toUnsignedLong(b.getInt(p + 42));
      String name = new String(directory, p + 46, nameLength, StandardCharsets.UTF_8);
      // zip64 extra field: the 0xffffffff fields, in order, as 8-byte values.
      int e = p + 46 + nameLength;
      int end = e + extraLength;
      while (e + 4 <= end) {
        int id = Short.toUnsignedInt(b.getShort(e));
        int len = Short.toUnsignedInt(b.getShort(e + 2));
        if (id == 0x0001) {
          int q = e + 4;
          if (uncompressed == 0xffffffffL) {
            q += 8;
          }
          if (compressed == 0xffffffffL) {
            compressed = b.getLong(q);
            q += 8;
          }
          if (local == 0xffffffffL) {
            local = b.getLong(q);
          }
        }
        e += 4 + len;
      }
      out.add(new Entry(name, method, compressed, local));
      p = end + commentLength;
    }
    if (out.isEmpty()) {
      throw new IOException("the central directory has no entries");
    }
    return out;
  }

  /** How many bytes after the local header offset hold the header, for a first guess. */
  static long localHeaderGuess(Entry entry) {
    return LOCAL_HEADER + entry.name().getBytes(StandardCharsets.UTF_8).length + 256L;
  }

  /**
   * The entry's uncompressed data from bytes starting at its local header.
   *
   * @return the data, or null if {@code bytes} is too short (the local extra field is longer
   *     than guessed); {@link #neededLength} then says how much to read
   */
  static byte[] data(Entry entry, byte[] bytes) throws IOException {
    long needed = neededLength(bytes);
    if (needed < 0 || bytes.length < needed + entry.compressedSize()) {
      return null;
    }
    int start = (int) needed;
    int length = (int) entry.compressedSize();
    if (entry.method() == 0) {
      byte[] out = new byte[length];
      System.arraycopy(bytes, start, out, 0, length);
      return out;
    }
    if (entry.method() != 8) {
      throw new IOException(entry.name() + ": compression method " + entry.method()
          + " is not supported (only stored and deflated)");
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(bytes, start, length);
      ByteArrayOutputStream out = new ByteArrayOutputStream(length * 3);
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IOException(entry.name() + ": corrupt deflate data", e);
    } finally {
      inflater.end();
    }
  }

  /** Header length (signature to data) of the local header at {@code bytes[0]}, or -1. */
  static long neededLength(byte[] bytes) throws IOException {
    if (bytes.length < LOCAL_HEADER) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != LOCAL) {
      throw new IOException("no local file header where the central directory points");
    }
    return LOCAL_HEADER + Short.toUnsignedInt(b.getShort(26)) + Short.toUnsignedInt(b.getShort(28));
  }
}
