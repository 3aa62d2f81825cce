package dev.pylayer.pep;

/**
 * Where a marker is evaluated, which decides the defaults of the names that only exist in some
 * places (packaging's {@code EvaluateContext}).
 */
public enum MarkerContext {
  /** Core metadata ({@code Requires-Dist}): {@code extra} defaults to the empty string. */
  METADATA,
  /** A lock file (PEP 751): {@code extras} and {@code dependency_groups} default to empty sets. */
  LOCK_FILE,
  /** Anywhere else (e.g. requirements.txt): no defaults beyond the environment. */
  REQUIREMENT
}
