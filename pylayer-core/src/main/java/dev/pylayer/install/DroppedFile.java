package dev.pylayer.install;

import java.util.Objects;

/** A file of a wheel that was deliberately not installed, and why. */
public final class DroppedFile {

  private final String wheelPath;
  private final String reason;

  public DroppedFile(String wheelPath, String reason) {
    this.wheelPath = Objects.requireNonNull(wheelPath, "wheelPath");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The path inside the wheel ({@code demo-1.0.data/scripts/demo}). */
  public String wheelPath() {
    return wheelPath;
  }

  /** Why it was not installed, e.g. {@code "scripts are not installed by this scheme"}. */
  public String reason() {
    return reason;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DroppedFile
        && ((DroppedFile) o).wheelPath.equals(wheelPath)
        && ((DroppedFile) o).reason.equals(reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(wheelPath, reason);
  }

  @Override
  public String toString() {
    return wheelPath + " (" + reason + ")";
  }
}
