package dev.pylayer.archive;

import java.io.IOException;

/**
 * An archive that unpacks to more than its {@link UnpackLimits} allow. Extraction stopped at once;
 * what it had written is removed.
 */
public final class UnpackLimitException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String archive;

  public UnpackLimitException(String archive, String entry, String problem) {
    super(archive + ": unpacking stopped" + (entry.isEmpty() ? "" : " at '" + entry + "'") + ": "
        + problem + ". Nothing of it was kept");
    this.archive = archive;
  }

  /** The archive as the user knows it. */
  public String archive() {
    return archive;
  }
}
