package dev.pylayer.pep;

/** A string that is not a PEP 440 version; the message names the input. */
public final class InvalidVersionException extends IllegalArgumentException {

  private final String input;

  InvalidVersionException(String input) {
    super(
        "'"
            + input
            + "' is not a valid PEP 440 version (expected e.g. '1.2.3', '2.0rc1', '1.0.post1',"
            + " '1!2.0' or '1.0+local')");
    this.input = input;
  }

  /** The rejected string, as given. */
  public String input() {
    return input;
  }
}
