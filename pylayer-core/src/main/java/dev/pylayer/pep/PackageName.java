package dev.pylayer.pep;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Python distribution name in its PEP 503 normalized form: lower case, with every run of
 * {@code -}, {@code _} and {@code .} collapsed to one {@code -}. Two names are the same project
 * exactly when their normalized forms are equal ({@code Typing_Extensions} is {@code typing-extensions}).
 */
public final class PackageName implements Comparable<PackageName> {

  private static final Pattern VALID =
      Pattern.compile("^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SEPARATOR_RUN = Pattern.compile("[-_.]+");

  private final String normalized;

  private PackageName(String normalized) {
    this.normalized = normalized;
  }

  /**
   * Parses a project name as written in metadata, requirements or filenames.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid PEP 508 project name
   */
  public static PackageName of(String name) {
    Objects.requireNonNull(name, "name");
    if (!VALID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a valid Python project name: use letters, digits, '-', '_' and '.',"
              + " starting and ending with a letter or digit");
    }
    return new PackageName(normalize(name));
  }

  /** PEP 503 normalization of any string, valid name or not. */
  public static String normalize(String name) {
    return SEPARATOR_RUN.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  /** The normalized form, as used in simple-index URLs ({@code /simple/typing-extensions/}). */
  public String value() {
    return normalized;
  }

  /** The form wheel filenames and dist-info directories use: {@code typing_extensions}. */
  public String wheelForm() {
    return normalized.replace('-', '_');
  }

  @Override
  public int compareTo(PackageName other) {
    return normalized.compareTo(other.normalized);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackageName && ((PackageName) o).normalized.equals(normalized);
  }

  @Override
  public int hashCode() {
    return normalized.hashCode();
  }

  @Override
  public String toString() {
    return normalized;
  }
}
