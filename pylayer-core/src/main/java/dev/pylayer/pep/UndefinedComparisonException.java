package dev.pylayer.pep;

/**
 * A marker comparison with no defined result, e.g. {@code os_name ~= "posix"} ({@code ~=} needs
 * versions) or {@code extras == "x"} (a set on the left); packaging's {@code UndefinedComparison}.
 */
public final class UndefinedComparisonException extends MarkerEvaluationException {

  UndefinedComparisonException(String message) {
    super(message);
  }
}
