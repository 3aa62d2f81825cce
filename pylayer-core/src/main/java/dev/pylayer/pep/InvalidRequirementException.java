package dev.pylayer.pep;

/** Text that is not a valid PEP 508 dependency specifier; the message shows where it fails. */
public final class InvalidRequirementException extends IllegalArgumentException {

  private final String input;
  private final int position;

  InvalidRequirementException(String input, int position, String message) {
    super(message);
    this.input = input;
    this.position = position;
  }

  /** The rejected requirement text, as given. */
  public String input() {
    return input;
  }

  /** The 0-based offset in {@link #input()} where the problem starts. */
  public int position() {
    return position;
  }
}
