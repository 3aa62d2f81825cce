package dev.pylayer.optimize;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A source file that did not compile (Python 2 syntax, a template named {@code .py}, a bad encoding
 * declaration) and the error, e.g. {@code SyntaxError: invalid syntax (line 3)}.
 */
public record CompileFailure(Path file, String error) {

  public CompileFailure {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(error, "error");
  }

  @Override
  public String toString() {
    return file + ": " + error;
  }
}
