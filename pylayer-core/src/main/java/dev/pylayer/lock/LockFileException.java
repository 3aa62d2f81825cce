package dev.pylayer.lock;

import java.io.IOException;

/** A lock file cannot be read: the message names the file, the problem and the fix. */
public final class LockFileException extends IOException {

  private static final long serialVersionUID = 1L;

  public LockFileException(String message) {
    super(message);
  }
}
