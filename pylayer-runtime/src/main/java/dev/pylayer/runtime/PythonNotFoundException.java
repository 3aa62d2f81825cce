package dev.pylayer.runtime;

/** No usable Python interpreter where {@link PythonRuntime} looked; the message says where and how to fix it. */
public final class PythonNotFoundException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the places looked at and the fix. */
  public PythonNotFoundException(String message) {
    super(message);
  }
}
