package dev.pylayer.fetch;

import java.io.IOException;

/** An HTTP request that ended in an error status; the message names the redacted URL. */
public final class HttpStatusException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String url;

  public HttpStatusException(int statusCode, String redactedUrl, String message) {
    super(message);
    this.statusCode = statusCode;
    this.url = redactedUrl;
  }

  public int statusCode() {
    return statusCode;
  }

  /** The URL with any credentials replaced by {@code ***}. */
  public String url() {
    return url;
  }
}
