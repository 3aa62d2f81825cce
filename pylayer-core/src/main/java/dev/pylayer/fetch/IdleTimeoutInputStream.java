package dev.pylayer.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fails a read that waits longer than the timeout for the next byte. The JDK HTTP client's
 * request timeout stops at the response headers, so a server that stalls mid-body would hang a
 * download forever; a watchdog closes the stream instead, which wakes the blocked read. Only
 * time spent inside {@code read} counts, so a slow consumer never trips it.
 */
final class IdleTimeoutInputStream extends FilterInputStream {

  private final long timeoutNanos;
  private final String what;
  private final ScheduledFuture<?> watchdog;
  private volatile long readStartedAt;
  private volatile boolean reading;
  private volatile boolean timedOut;

  IdleTimeoutInputStream(
      InputStream in, Duration timeout, String what, ScheduledExecutorService scheduler) {
    super(in);
    this.timeoutNanos = timeout.toNanos();
    this.what = what;
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), timeoutNanos / 4);
    this.watchdog =
        scheduler.scheduleAtFixedRate(this::check, period, period, TimeUnit.NANOSECONDS);
  }

  private void check() {
    if (reading && System.nanoTime() - readStartedAt > timeoutNanos) {
      timedOut = true;
      try {
        in.close();
      } catch (IOException ignored) {
        // The blocked read reports the timeout; a failure to close adds nothing.
      }
    }
  }

  @Override
  public int read() throws IOException {
    begin();
    try {
      return in.read();
    } catch (IOException e) {
      throw timedOut ? timeout(e) : e;
    } finally {
      end();
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    begin();
    try {
      int n = in.read(b, off, len);
      if (timedOut) {
        throw timeout(null);
      }
      return n;
    } catch (HttpTimeoutException e) {
      throw e;
    } catch (IOException e) {
      throw timedOut ? timeout(e) : e;
    } finally {
      end();
    }
  }

  private void begin() throws IOException {
    if (timedOut) {
      throw timeout(null);
    }
    readStartedAt = System.nanoTime();
    reading = true;
  }

  private void end() {
    reading = false;
  }

  private HttpTimeoutException timeout(IOException cause) {
    HttpTimeoutException e = new HttpTimeoutException(
        what + ": no data received for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  @Override
  public void close() throws IOException {
    watchdog.cancel(false);
    super.close();
  }
}
