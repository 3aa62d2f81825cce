package dev.pylayer.fetch;

import java.io.IOException;

/** Fetched content whose SHA-256 is not the expected one. Nothing of it was kept. */
public final class HashMismatchException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final String expected;
  private final String actual;

  public HashMismatchException(String source, String expected, String actual) {
    this(source, expected, actual, source + ": sha256 mismatch: expected " + expected
        + " but the content has " + actual
        + "; the file changed on the server or the lock is stale (nothing was cached)");
  }

  /** The same mismatch told with more context (for example, after a cached copy was evicted). */
  public HashMismatchException(String source, String expected, String actual, String message) {
    super(message);
    this.source = source;
    this.expected = expected;
    this.actual = actual;
  }

  /** The redacted URL or path that was fetched. */
  public String source() {
    return source;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
