package dev.pylayer.lock;

/** Hears what locking wants a person to know without failing. */
@FunctionalInterface
public interface LockListener {

  /** Prints warnings to standard error, prefixed {@code pylayer: warning: }. */
  LockListener STDERR = message -> System.err.println("pylayer: warning: " + message);

  /** Ignores everything. */
  LockListener NONE = message -> {};

  /** A warning, e.g. a metadata marker that could not be evaluated and was taken as false. */
  void warn(String message);
}
