package dev.pylayer.pep;

/** Text that is not a valid PEP 425 compatibility tag (set); the message names the input. */
public final class InvalidTagException extends IllegalArgumentException {

  InvalidTagException(String message) {
    super(message);
  }
}
