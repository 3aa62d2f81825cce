package dev.pylayer.fetch;

import java.io.IOException;

/**
 * A host that could not be reached at all (unknown name, connection refused, connect timeout),
 * after every retry. Callers that consult several hosts can skip this one from now on.
 */
public final class HostUnreachableException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String host;

  public HostUnreachableException(String host, String message, Throwable cause) {
    super(message, cause);
    this.host = host;
  }

  /** The host and port that could not be reached. */
  public String host() {
    return host;
  }
}
