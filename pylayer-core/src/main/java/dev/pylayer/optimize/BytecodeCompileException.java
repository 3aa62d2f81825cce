package dev.pylayer.optimize;

import java.util.List;

/**
 * Byte-compilation failed: the interpreter could not run, or (in strict mode) some files did not
 * compile, in which case nothing was written.
 */
public class BytecodeCompileException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<CompileFailure> failures;

  public BytecodeCompileException(String message, List<CompileFailure> failures) {
    super(message);
    this.failures = List.copyOf(failures);
  }

  /** The files that did not compile; empty when the interpreter itself failed. */
  public List<CompileFailure> failures() {
    return failures;
  }
}
