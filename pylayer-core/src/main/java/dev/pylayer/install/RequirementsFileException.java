package dev.pylayer.install;

import java.nio.file.Path;

/** A requirements file cannot be used; the message names the file, the line and the fix. */
public class RequirementsFileException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int lineNumber;

  public RequirementsFileException(Path file, int lineNumber, String problem) {
    super(file + (lineNumber > 0 ? " line " + lineNumber : "") + ": " + problem);
    this.file = file;
    this.lineNumber = lineNumber;
  }

  /** The file with the problem. */
  public Path file() {
    return file;
  }

  /** The 1-based line, or 0 when the problem is with the whole file. */
  public int lineNumber() {
    return lineNumber;
  }
}
