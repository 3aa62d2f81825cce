package dev.pylayer.index;

/** Hears what the index client wants a person to know without failing the run. */
@FunctionalInterface
public interface IndexListener {

  /** Prints warnings to standard error, prefixed {@code pylayer: warning: }. */
  IndexListener STDERR = message -> System.err.println("pylayer: warning: " + message);

  /** A warning, e.g. an index that cannot be reached and is skipped from now on. */
  void warn(String message);
}
