package dev.pylayer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Decompression bombs, built in a second or two without ever compressing gigabytes: the
 * compressed form of a block of zeros is computed once and repeated (raw DEFLATE blocks flushed
 * to a byte boundary chain into one valid stream; gzip members concatenate). Both are real
 * archives: a reader that trusts them writes every byte.
 */
public final class Bombs {

  private static final int CHUNK = 1_000_000;

  private Bombs() {}

  /**
   * A wheel of project {@code bomb} 1.0 whose {@code bomb/zeros.bin} unpacks to {@code size}
   * zero bytes (size a multiple of 1,000,000, below 4 GiB), with a RECORD whose hash and size
   * are right: without limits it installs.
   */
  public static Path zipBombWheel(Path dir, long size) throws IOException {
    byte[] chunk = rawDeflatedZeros();
    long chunks = size / CHUNK;
    byte[] end = {0x03, 0x00}; // an empty final fixed-Huffman block
    String dataName = "bomb/zeros.bin";
    String metadata = "Metadata-Version: 2.1\nName: bomb\nVersion: 1.0\n";
    String wheel = "Wheel-Version: 1.0\nGenerator: pylayer-tests (Bombs)\nRoot-Is-Purelib: true\n"
        + "Tag: py3-none-any\n";
    String record = "bomb/__init__.py,sha256=" + urlsafe(sha256(new byte[0], 0)) + ",0\n"
        + dataName + ",sha256=" + urlsafe(sha256(new byte[CHUNK], chunks)) + "," + size + "\n"
        + "bomb-1.0.dist-info/METADATA,sha256=" + urlsafe(sha256(utf8(metadata), 1)) + ","
        + utf8(metadata).length + "\n"
        + "bomb-1.0.dist-info/WHEEL,sha256=" + urlsafe(sha256(utf8(wheel), 1)) + ","
        + utf8(wheel).length + "\n"
        + "bomb-1.0.dist-info/RECORD,,\n";
    Path file = Files.createDirectories(dir).resolve("bomb-1.0-py3-none-any.whl");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
      add(zip, "bomb/__init__.py", new byte[0]);
      ZipArchiveEntry entry = new ZipArchiveEntry(dataName);
      entry.setMethod(ZipEntry.DEFLATED);
      entry.setSize(size);
      entry.setCompressedSize(chunk.length * chunks + end.length);
      entry.setCrc(crcOfZeros(size));
      entry.setUnixMode(0100644);
      zip.addRawArchiveEntry(entry, new RepeatedInputStream(chunk, chunks, end));
      add(zip, "bomb-1.0.dist-info/METADATA", utf8(metadata));
      add(zip, "bomb-1.0.dist-info/WHEEL", utf8(wheel));
      add(zip, "bomb-1.0.dist-info/RECORD", utf8(record));
    }
    return file;
  }

  /**
   * A PBS-shaped {@code .tar.gz} with {@code python/bin/python3.11} and a {@code
   * python/lib/zeros.bin} of {@code size} zero bytes (a multiple of 1,000,000, below 8 GiB).
   */
  public static Path tarBomb(Path dir, long size) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    TarArchiveEntry python = new TarArchiveEntry("python/bin/python3.11");
    python.setMode(0755);
    python.setSize(4);
    head.write(header(python));
    byte[] data = new byte[512];
    System.arraycopy(utf8("#!\n\n"), 0, data, 0, 4);
    head.write(data);
    TarArchiveEntry bomb = new TarArchiveEntry("python/lib/zeros.bin");
    bomb.setMode(0644);
    bomb.setSize(size);
    head.write(header(bomb));
    // The data follows as separate gzip members of zeros, then the end-of-archive blocks.
    Path file = Files.createDirectories(dir).resolve("cpython-3.11.99-bomb.tar.gz");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(gzip(head.toByteArray()));
      byte[] zeros = gzip(new byte[CHUNK]);
      for (long i = 0; i < size / CHUNK; i++) {
        out.write(zeros);
      }
      out.write(gzip(new byte[1024 + (int) ((512 - size % 512) % 512)]));
    }
    return file;
  }

  private static byte[] header(TarArchiveEntry entry) {
    byte[] block = new byte[512];
    entry.writeEntryHeader(block);
    return block;
  }

  private static void add(ZipArchiveOutputStream zip, String name, byte[] content)
      throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setUnixMode(0100644);
    zip.putArchiveEntry(entry);
    zip.write(content);
    zip.closeArchiveEntry();
  }

  /** DEFLATE of CHUNK zeros, ending on a byte boundary with no final block: it chains. */
  private static byte[] rawDeflatedZeros() {
    Deflater deflater = new Deflater(9, true);
    try {
      deflater.setInput(new byte[CHUNK]);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      int n;
      do {
        n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        out.write(buffer, 0, n);
      } while (n == buffer.length || !deflater.needsInput());
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out) {
      {
        def.setLevel(9);
      }
    }) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static long crcOfZeros(long size) {
    CRC32 crc = new CRC32();
    byte[] zeros = new byte[CHUNK];
    for (long i = 0; i < size / CHUNK; i++) {
      crc.update(zeros);
    }
    return crc.getValue();
  }

  private static byte[] sha256(byte[] block, long times) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (long i = 0; i < times; i++) {
        digest.update(block);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String urlsafe(byte[] digest) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code times} copies of {@code block}, then {@code tail}, without holding them all. */
  private static final class RepeatedInputStream extends java.io.InputStream {
    private final byte[] block;
    private final byte[] tail;
    private long remaining;
    private byte[] current;
    private int position;

    RepeatedInputStream(byte[] block, long times, byte[] tail) {
      this.block = block;
      this.tail = tail;
      this.remaining = times;
      next();
    }

    private void next() {
      if (remaining > 0) {
        remaining--;
        current = block;
      } else if (current != tail) {
        current = tail;
      } else {
        current = null;
      }
      position = 0;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      while (current != null && position == current.length) {
        next();
      }
      if (current == null) {
        return -1;
      }
      int n = Math.min(length, current.length - position);
      System.arraycopy(current, position, buffer, offset, n);
      position += n;
      return n;
    }
  }
}
