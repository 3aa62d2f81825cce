package dev.pylayer.install;

/**
 * A wheel cannot be installed: it is malformed, does not match its {@code RECORD}, would write
 * outside the target, or conflicts with a file already installed. The message names the wheel, the
 * file and the fix; nothing of the wheel is left in the target.
 */
public class WheelInstallException extends Exception {

  private static final long serialVersionUID = 1L;

  public WheelInstallException(String message) {
    super(message);
  }

  public WheelInstallException(String message, Throwable cause) {
    super(message, cause);
  }
}
