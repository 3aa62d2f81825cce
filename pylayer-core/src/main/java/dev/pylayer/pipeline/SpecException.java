package dev.pylayer.pipeline;

/** A spec ({@code pylayer.toml} or a command-line option) that cannot be used; the message says why. */
public final class SpecException extends IllegalArgumentException {

  public SpecException(String message) {
    super(message);
  }

  public SpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
