package dev.pylayer.index;

import java.io.IOException;

/** A project page or metadata file that could not be fetched or understood. */
public final class IndexException extends IOException {

  private static final long serialVersionUID = 1L;

  public IndexException(String message) {
    super(message);
  }

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
