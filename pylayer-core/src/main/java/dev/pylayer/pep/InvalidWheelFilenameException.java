package dev.pylayer.pep;

/** A file name that is not a valid PEP 427 wheel filename; the message names it and the problem. */
public final class InvalidWheelFilenameException extends IllegalArgumentException {

  private final String filename;

  InvalidWheelFilenameException(String filename, String problem) {
    super("'" + filename + "' is not a valid wheel filename: " + problem);
    this.filename = filename;
  }

  /** The rejected file name. */
  public String filename() {
    return filename;
  }
}
