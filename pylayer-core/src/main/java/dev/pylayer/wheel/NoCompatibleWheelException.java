package dev.pylayer.wheel;

/** No wheel of a pinned version fits the target; the message names what exists instead. */
public final class NoCompatibleWheelException extends RuntimeException {

  public NoCompatibleWheelException(String message) {
    super(message);
  }
}
