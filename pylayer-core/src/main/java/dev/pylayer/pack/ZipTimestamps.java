package dev.pylayer.pack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;

/**
 * Writes one MS-DOS date and time into every local header and central-directory record of a zip
 * that pylayer just wrote.
 *
 * <p>Why: zip stores wall-clock fields without a time zone, and Commons Compress derives them from
 * the JVM's default zone, so the same timestamp gives different bytes on machines in different
 * zones (and cannot be represented at all during a daylight-saving gap). Patching the fields from
 * the UTC clock makes the archive identical everywhere.
 */
final class ZipTimestamps {

  private static final int LOCAL_HEADER = 0x04034b50;
  private static final int CENTRAL_HEADER = 0x02014b50;
  private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_END = 0x06064b50;
  private static final int ZIP64_EXTRA = 0x0001;
  private static final long MAX_CENTRAL_DIRECTORY = 1L << 30;

  private ZipTimestamps() {}

  /** The MS-DOS {time, date} fields of {@code utc}, which must lie in 1980..2107. */
  static int[] dosFields(LocalDateTime utc) {
    int time = (utc.getHour() << 11) | (utc.getMinute() << 5) | (utc.getSecond() >> 1);
    int date = ((utc.getYear() - 1980) << 9) | (utc.getMonthValue() << 5) | utc.getDayOfMonth();
    return new int[] {time, date};
  }

  /** The UTC wall clock the fields of {@link #dosFields} stand for (seconds rounded to even). */
  static LocalDateTime fromDosFields(int time, int date) {
    return LocalDateTime.of(((date >> 9) & 0x7f) + 1980, (date >> 5) & 0x0f, date & 0x1f,
        (time >> 11) & 0x1f, (time >> 5) & 0x3f, (time & 0x1f) * 2);
  }

  /**
   * Sets every entry's modification time fields of a zip without archive comment.
   *
   * @throws IOException if the file is not a zip laid out the way pylayer writes them
   */
  static void patch(Path zip, LocalDateTime utc) throws IOException {
    int[] fields = dosFields(utc);
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      long size = channel.size();
      ByteBuffer end = read(channel, size - 22, 22);
      if (end.getInt(0) != END_OF_CENTRAL_DIRECTORY) {
        throw new IOException(zip + ": no end-of-central-directory record at the end");
      }
      long entries = Short.toUnsignedInt(end.getShort(10));
      long directorySize = Integer.toUnsignedLong(end.getInt(12));
      long directoryOffset = Integer.toUnsignedLong(end.getInt(16));
      if (entries == 0xffff || directorySize == 0xffffffffL || directoryOffset == 0xffffffffL) {
        ByteBuffer locator = read(channel, size - 22 - 20, 20);
        if (locator.getInt(0) != ZIP64_LOCATOR) {
          throw new IOException(zip + ": zip64 locator missing");
        }
        ByteBuffer end64 = read(channel, locator.getLong(8), 56);
        if (end64.getInt(0) != ZIP64_END) {
          throw new IOException(zip + ": zip64 end record missing");
        }
        entries = end64.getLong(32);
        directorySize = end64.getLong(40);
        directoryOffset = end64.getLong(48);
      }
      if (directorySize > MAX_CENTRAL_DIRECTORY) {
        throw new IOException(zip + ": central directory of " + directorySize + " bytes");
      }
      ByteBuffer directory = read(channel, directoryOffset, (int) directorySize);
      ByteBuffer stamp = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      stamp.putShort(0, (short) fields[0]).putShort(2, (short) fields[1]);
      int at = 0;
      for (long i = 0; i < entries; i++) {
        if (directory.getInt(at) != CENTRAL_HEADER) {
          throw new IOException(zip + ": central directory record " + i + " is malformed");
        }
        directory.putShort(at + 12, (short) fields[0]).putShort(at + 14, (short) fields[1]);
        int nameLength = Short.toUnsignedInt(directory.getShort(at + 28));
        int extraLength = Short.toUnsignedInt(directory.getShort(at + 30));
        int commentLength = Short.toUnsignedInt(directory.getShort(at + 32));
        long localOffset = localHeaderOffset(directory, at, nameLength, extraLength);
        if (read(channel, localOffset, 4).getInt(0) != LOCAL_HEADER) {
          throw new IOException(zip + ": local header of record " + i + " not found");
        }
        channel.write(stamp.duplicate().order(ByteOrder.LITTLE_ENDIAN).rewind(), localOffset + 10);
        at += 46 + nameLength + extraLength + commentLength;
      }
      directory.rewind();
      long position = directoryOffset;
      while (directory.hasRemaining()) {
        position += channel.write(directory, position);
      }
    }
  }

  /** The local header offset, from the zip64 extra field when the 32-bit field overflows. */
  private static long localHeaderOffset(ByteBuffer directory, int at, int nameLength,
      int extraLength) throws IOException {
    long offset = Integer.toUnsignedLong(directory.getInt(at + 42));
    if (offset != 0xffffffffL) {
      return offset;
    }
    int extra = at + 46 + nameLength;
    int extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      int id = Short.toUnsignedInt(directory.getShort(extra));
      int length = Short.toUnsignedInt(directory.getShort(extra + 2));
      if (id == ZIP64_EXTRA) {
        int field = extra + 4;
        if (Integer.toUnsignedLong(directory.getInt(at + 24)) == 0xffffffffL) {
          field += 8; // uncompressed size comes first
        }
        if (Integer.toUnsignedLong(directory.getInt(at + 20)) == 0xffffffffL) {
          field += 8; // then compressed size
        }
        return directory.getLong(field);
      }
      extra += 4 + length;
    }
    throw new IOException("zip64 local header offset missing");
  }

  private static ByteBuffer read(FileChannel channel, long offset, int length) throws IOException {
    if (offset < 0) {
      throw new IOException("offset " + offset + " is before the start of the file");
    }
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        throw new IOException("unexpected end of file at " + (offset + buffer.position()));
      }
    }
    return buffer.flip();
  }
}
