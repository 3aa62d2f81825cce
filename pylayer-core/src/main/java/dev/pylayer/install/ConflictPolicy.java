package dev.pylayer.install;

/**
 * What {@link WheelInstaller} does when a wheel would write a file that already exists in the
 * target (usually written by another distribution).
 */
public enum ConflictPolicy {
  /** Any existing file is an error naming both distributions. */
  FAIL,
  /**
   * An existing file with exactly the bytes the wheel would write is shared (both RECORDs list it;
   * several namespace-package wheels ship the same empty {@code __init__.py}); any other is an
   * error naming both distributions. The default.
   */
  ALLOW_IDENTICAL,
  /**
   * The wheel's file replaces the existing one (pip's behaviour), reported as a warning. The other
   * distribution's RECORD then lists a file whose content changed.
   */
  OVERWRITE
}
