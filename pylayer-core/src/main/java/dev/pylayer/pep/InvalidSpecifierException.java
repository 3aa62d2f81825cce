package dev.pylayer.pep;

/** A string that is not a valid PEP 440 version specifier; the message names the input. */
public final class InvalidSpecifierException extends IllegalArgumentException {

  private final String input;

  InvalidSpecifierException(String input, String problem) {
    super(problem);
    this.input = input;
  }

  /** The rejected specifier (or specifier set) text, as given. */
  public String input() {
    return input;
  }
}
