package dev.pylayer.optimize;

import java.util.Locale;

/** The two trees of Python code in a layer: the standard library and the installed packages. */
public enum CodeScope {
  /** {@code lib/python3.X}, site-packages excluded. */
  STDLIB,
  /** {@code lib/python3.X/site-packages}: the installed distributions. */
  PACKAGES;

  /** Parses {@code stdlib} or {@code packages} (any case). */
  public static CodeScope parse(String text) {
    for (CodeScope scope : values()) {
      if (scope.name().equalsIgnoreCase(text.strip())) {
        return scope;
      }
    }
    throw new IllegalArgumentException("scope '" + text + "' is not one of stdlib, packages");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
