package dev.pylayer.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Drains the worker's stderr on its own thread, so the worker never blocks on a full pipe, keeping the
 * last {@code capacity} bytes in a ring buffer for {@link WorkerCrashedException} and passing each
 * line (redacted) to a listener, e.g. the function's log.
 */
final class StderrTail implements Runnable {
  private static final int MAX_FORWARDED_LINE = 8192;

  private final InputStream in;
  private final byte[] ring;
  private final Redactor redactor;
  private final Consumer<String> lineListener;
  private final Thread thread;
  private long total;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  StderrTail(InputStream in, int capacity, Redactor redactor, Consumer<String> lineListener, String threadName) {
    this.in = in;
    this.ring = new byte[Math.max(1, capacity)];
    this.redactor = redactor;
    this.lineListener = lineListener;
    this.thread = new Thread(this, threadName);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        append(buffer, n);
        forwardLines(buffer, n);
      }
    } catch (IOException e) {
      // Closed when the worker dies; the tail holds what arrived.
    }
    if (line.size() > 0) {
      emitLine();
    }
  }

  private synchronized void append(byte[] buffer, int n) {
    int offset = 0;
    int length = n;
    if (length > ring.length) {
      offset = length - ring.length;
      length = ring.length;
    }
    int start = (int) (total % ring.length);
    int first = Math.min(length, ring.length - start);
    System.arraycopy(buffer, offset, ring, start, first);
    System.arraycopy(buffer, offset + first, ring, 0, length - first);
    total += n;
  }

  private void forwardLines(byte[] buffer, int n) {
    if (lineListener == null) {
      return;
    }
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (buffer[i] == '\n') {
        appendToLine(buffer, start, i - start);
        emitLine();
        start = i + 1;
      }
    }
    appendToLine(buffer, start, n - start);
  }

  private void appendToLine(byte[] buffer, int start, int length) {
    int room = MAX_FORWARDED_LINE - line.size();
    line.write(buffer, start, Math.max(0, Math.min(room, length)));
  }

  private void emitLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    try {
      lineListener.accept(redactor.redact(text));
    } catch (RuntimeException e) {
      // A failing listener must not stop the draining, or the worker would block on stderr.
    }
  }

  /** Records a line the JVM itself has to report about the worker (kept in the tail and forwarded). */
  void note(String text) {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    append(bytes, bytes.length);
    if (lineListener != null) {
      try {
        lineListener.accept(redactor.redact(text));
      } catch (RuntimeException e) {
        // Same as for stderr lines: never let a listener break the worker's plumbing.
      }
    }
  }

  /** Waits up to {@code millis} for the stream to end, so a crash report holds the last words. */
  void awaitEnd(long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last bytes of stderr, decoded and redacted. */
  synchronized String tail() {
    int length = (int) Math.min(total, ring.length);
    byte[] out = new byte[length];
    int start = (int) ((total - length) % ring.length);
    int first = Math.min(length, ring.length - start);
    System.arraycopy(ring, start, out, 0, first);
    System.arraycopy(ring, 0, out, first, length - first);
    String text = new String(out, StandardCharsets.UTF_8);
    if (total > ring.length) {
      // Drop the partial first line (and any split UTF-8 sequence) of a wrapped buffer.
      int newline = text.indexOf('\n');
      text = "[...]" + (newline >= 0 ? text.substring(newline) : text);
    }
    return redactor.redact(text);
  }
}
