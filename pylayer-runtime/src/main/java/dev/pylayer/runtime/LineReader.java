package dev.pylayer.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads newline-terminated lines from the worker with a cap: a longer line is skipped to its end
 * (never held in memory), keeping only its first bytes so the caller can tell whose it was.
 */
final class LineReader {
  /** How much of an oversized line is kept: enough for the leading {@code {"id":N,"type":...}. */
  static final int OVERSIZED_PREFIX = 64;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private byte[] line = new byte[8 * 1024];

  /** A line that was read whole, or the prefix and length of an oversized one. */
  static final class Line {
    final String text;
    final long oversizedLength;

    private Line(String text, long oversizedLength) {
      this.text = text;
      this.oversizedLength = oversizedLength;
    }

    boolean oversized() {
      return oversizedLength >= 0;
    }
  }

  LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or null at end of stream (a final line without newline is returned too). */
  Line next() throws IOException {
    int length = 0;
    long skipped = -1; // >= 0 once the line is over the cap: bytes seen so far
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (skipped >= 0) {
            return new Line(new String(line, 0, length, StandardCharsets.UTF_8), skipped);
          }
          return length == 0 ? null : new Line(new String(line, 0, length, StandardCharsets.UTF_8), -1);
        }
      }
      int start = position;
      int newline = -1;
      for (int i = start; i < limit; i++) {
        if (buffer[i] == '\n') {
          newline = i;
          break;
        }
      }
      int end = newline >= 0 ? newline : limit;
      int chunk = end - start;
      position = newline >= 0 ? newline + 1 : limit;
      if (skipped >= 0) {
        skipped += chunk;
      } else if ((long) length + chunk > maxLineBytes) {
        skipped = (long) length + chunk;
        length = Math.min(length, OVERSIZED_PREFIX);
        int keep = Math.max(0, Math.min(chunk, OVERSIZED_PREFIX - length));
        ensureCapacity(length + keep);
        System.arraycopy(buffer, start, line, length, keep);
        length += keep;
      } else {
        ensureCapacity(length + chunk);
        System.arraycopy(buffer, start, line, length, chunk);
        length += chunk;
      }
      if (newline >= 0) {
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        if (line.length > 1 << 20) {
          line = new byte[8 * 1024]; // don't pin a huge buffer after one large response
        }
        return new Line(text, skipped);
      }
    }
  }

  private void ensureCapacity(int needed) {
    if (needed > line.length) {
      line = Arrays.copyOf(line, Math.max(needed, Math.min(maxLineBytes, line.length * 2)));
    }
  }
}
