package dev.pylayer.pep;

/**
 * A syntax error in a PEP 508 dependency specifier or marker, with the span it concerns. The
 * public exceptions ({@link InvalidRequirementException}, {@link InvalidMarkerException}) carry
 * its {@linkplain #describe() description}.
 */
final class DependencySyntaxError extends RuntimeException {

  final String problem;
  final String source;
  final int spanStart;
  final int spanEnd;

  DependencySyntaxError(String problem, String source, int spanStart, int spanEnd) {
    super(problem, null, false, false);
    this.problem = problem;
    this.source = source;
    this.spanStart = spanStart;
    this.spanEnd = Math.max(spanStart, spanEnd);
  }

  /**
   * The problem, its position, and the input underlined at that position, e.g.
   *
   * <pre>
   * Expected end or semicolon (after version specifier) at position 5
   *     name >=1.0 foo
   *          ~~~~~~^
   * </pre>
   */
  String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(problem).append(" at position ").append(spanStart);
    if (source.indexOf('\n') < 0 && source.indexOf('\r') < 0) {
      sb.append("\n    ").append(source).append("\n    ");
      sb.append(" ".repeat(spanStart)).append("~".repeat(spanEnd - spanStart)).append('^');
    }
    return sb.toString();
  }
}
