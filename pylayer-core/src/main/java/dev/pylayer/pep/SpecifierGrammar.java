package dev.pylayer.pep;

import java.util.regex.Pattern;

/**
 * The PEP 440 grammar of one version specifier clause, as pypa/packaging's
 * {@code Specifier._specifier_regex_str} writes it. A regular expression (not a hand-written
 * parser) on purpose: the requirement tokenizer matches it at a position, and its ordered
 * alternation and backtracking decide how much of {@code ==1.0.org1} is a specifier, so keeping
 * the same expression keeps the same answers.
 */
final class SpecifierGrammar {

  /** Python's {@code \s}: every character {@code str.isspace()} accepts. */
  static final String SPACE_CLASS =
      "\\t-\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

  private static final String WS = "[" + SPACE_CLASS + "]*";
  private static final String EPOCH_RELEASE_STAR = "v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*";
  private static final String PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
  private static final String POST = "(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?";
  private static final String DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
  private static final String LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";

  /** One clause: operator, optional whitespace, version (no surrounding whitespace). */
  static final String CLAUSE =
      "(?:"
          // === takes anything up to whitespace, ';' or ')': an escape hatch, not a version.
          + "(?:===" + WS + "[^" + SPACE_CLASS + ";)]*)"
          // == and != allow a trailing .* wildcard or local labels.
          + "|(?:(?:==|!=)" + WS + EPOCH_RELEASE_STAR
          + "(?:\\.\\*|" + PRE + POST + DEV + LOCAL + ")?)"
          // ~= needs at least two release components.
          + "|(?:~=" + WS + "v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+" + PRE + POST + DEV + ")"
          + "|(?:(?:<=|>=|<|>)" + WS + EPOCH_RELEASE_STAR + PRE + POST + DEV + ")"
          + ")";

  /** ASCII case-insensitive like packaging's {@code (?a:...)} parts. */
  static final Pattern CLAUSE_AT = Pattern.compile(CLAUSE, Pattern.CASE_INSENSITIVE);

  static final Pattern FULL_CLAUSE = Pattern.compile(WS + CLAUSE + WS, Pattern.CASE_INSENSITIVE);

  private SpecifierGrammar() {}
}
