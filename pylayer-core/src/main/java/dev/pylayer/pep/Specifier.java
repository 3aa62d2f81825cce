package dev.pylayer.pep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One PEP 440 version specifier clause such as {@code >=1.0}, {@code ~=2.2}, {@code ==1.*} or
 * {@code ===foobar}, with pypa/packaging 26.x semantics. Most callers want {@link SpecifierSet}.
 *
 * <p>{@link #toString()} is the operator followed by the version as written (whitespace removed,
 * not normalized: {@code ~= 1.0DEV} gives {@code ~=1.0DEV}); {@link #equals} compares the
 * canonical form, so {@code ==1.2.3} equals {@code == 1.2.3.0}.
 */
public final class Specifier {

  private static final String[] OPERATORS = {"===", "~=", "==", "!=", "<=", ">=", "<", ">"};

  private final String operator;
  private final String version;
  private final Version parsed; // null only for === with a non-PEP 440 string
  private final boolean wildcard;
  private final Boolean prereleases; // explicit override, null = decide from the specifier
  private volatile List<VersionRanges.Interval> ranges;

  private Specifier(String operator, String version, Version parsed, Boolean prereleases) {
    this.operator = operator;
    this.version = version;
    this.parsed = parsed;
    this.wildcard = !operator.equals("===") && version.endsWith(".*");
    this.prereleases = prereleases;
  }

  /**
   * Parses one clause, e.g. {@code ">= 1.0"}.
   *
   * @throws InvalidSpecifierException if {@code spec} is not a valid PEP 440 specifier
   */
  public static Specifier parse(String spec) {
    Specifier s = tryParse(Objects.requireNonNull(spec, "spec"));
    if (s == null) {
      throw new InvalidSpecifierException(spec, invalidMessage(spec));
    }
    return s;
  }

  /** Parses one clause, or returns null when it is not valid. */
  static Specifier tryParse(String spec) {
    if (!SpecifierGrammar.FULL_CLAUSE.matcher(spec).matches()) {
      return null;
    }
    String text = PyText.strip(spec);
    String op = null;
    for (String candidate : OPERATORS) {
      if (text.startsWith(candidate)) {
        op = candidate;
        break;
      }
    }
    String version = PyText.strip(text.substring(op.length()));
    Version parsed;
    if (op.equals("===")) {
      parsed = VersionParser.tryParse(version);
    } else {
      String base = version.endsWith(".*") ? version.substring(0, version.length() - 2) : version;
      parsed = VersionParser.tryParse(base);
      if (parsed == null) {
        return null; // cannot happen for text the grammar accepts; be safe anyway
      }
    }
    return new Specifier(op, version, parsed, null);
  }

  private static String invalidMessage(String spec) {
    String stripped = PyText.strip(spec);
    String hint = "";
    if (stripped.matches("=\\s*[0-9].*")) {
      hint = " (did you mean '=" + stripped + "'?)";
    } else if (stripped.matches("(<=|>=|<|>|~=).*\\.\\*")) {
      hint = " (a '.*' wildcard is only allowed with == and !=)";
    } else if (stripped.matches("(<=|>=|<|>|~=).*\\+.*")) {
      hint = " (a local version label '+...' is only allowed with == and !=)";
    } else if (stripped.matches("[0-9].*")) {
      hint = " (did you mean '==" + stripped + "'?)";
    }
    return "'"
        + spec
        + "' is not a valid version specifier: expected an operator (~=, ==, !=, <=, >=, <, >,"
        + " ===) followed by a PEP 440 version"
        + hint;
  }

  /** A copy with an explicit pre-release policy: true/false override, null decides itself. */
  public Specifier withPrereleases(Boolean prereleases) {
    return Objects.equals(prereleases, this.prereleases)
        ? this
        : new Specifier(operator, version, parsed, prereleases);
  }

  /** The operator: one of {@code ~= == != <= >= < > ===}. */
  public String operator() {
    return operator;
  }

  /** The version as written, e.g. {@code 1.*} or {@code 2.0rc1}. */
  public String version() {
    return version;
  }

  /**
   * Whether this clause admits pre-releases when the caller does not say: the explicit override
   * if set, else true when the clause names a pre-release ({@code >=1.0a1}) except for
   * {@code !=} and wildcards (false), and null for an unparsable {@code ===} version.
   */
  public Boolean prereleases() {
    if (prereleases != null) {
      return prereleases;
    }
    if (operator.equals("!=") || wildcard) {
      return Boolean.FALSE;
    }
    return parsed == null ? null : parsed.isPrerelease();
  }

  /**
   * Whether {@code v} satisfies this clause. A pre-release is admitted unless {@code
   * prereleases} (or, when null, this clause's own setting) is false: one version alone has no
   * final release to be preferred over.
   */
  public boolean contains(Version v, Boolean prereleases) {
    Objects.requireNonNull(v, "v");
    if (isArbitrary()) {
      return contains(v.toString(), prereleases);
    }
    Boolean pre = prereleases != null ? prereleases : resolvedPrereleases();
    if (Boolean.FALSE.equals(pre) && v.isPrerelease()) {
      return false;
    }
    return VersionRanges.contains(ranges(), v);
  }

  /**
   * Like {@link #contains(Version, Boolean)} for a version string; {@code ===} compares the string
   * itself (case-insensitively), every other operator needs a valid PEP 440 version.
   */
  public boolean contains(String candidate, Boolean prereleases) {
    Objects.requireNonNull(candidate, "candidate");
    if (isArbitrary()) {
      return !filterStrings(List.of(candidate), prereleases).isEmpty();
    }
    Version v = VersionParser.tryParse(candidate);
    return v != null && contains(v, prereleases);
  }

  /** The versions that satisfy this clause, in their order (see {@link SpecifierSet#filter}). */
  public List<Version> filter(List<Version> versions, Boolean prereleases) {
    return filter(versions, Function.identity(), prereleases);
  }

  /** Items whose version satisfies this clause, in their order. */
  public <T> List<T> filter(
      List<T> items, Function<? super T, Version> versionOf, Boolean prereleases) {
    return filterCandidates(Candidates.ofVersions(items, versionOf), prereleases);
  }

  /** Version strings that satisfy this clause, in their order; invalid ones only match {@code ===}. */
  public List<String> filterStrings(List<String> versions, Boolean prereleases) {
    return filterCandidates(Candidates.ofStrings(versions), prereleases);
  }

  private <T> List<T> filterCandidates(List<Candidates.Candidate<T>> items, Boolean prereleases) {
    Boolean pre = prereleases != null ? prereleases : resolvedPrereleases();
    if (isArbitrary()) {
      List<Candidates.Candidate<T>> matches = new ArrayList<>();
      for (Candidates.Candidate<T> c : items) {
        if (matchesArbitrary(c.text())) {
          matches.add(c);
        }
      }
      return Candidates.applyPrereleasePolicy(matches, pre);
    }
    return Candidates.filterByRanges(ranges(), items, pre);
  }

  /** packaging's resolve_prereleases: the override, or true when the clause implies it. */
  private Boolean resolvedPrereleases() {
    if (prereleases != null) {
      return prereleases;
    }
    return Boolean.TRUE.equals(prereleases()) ? Boolean.TRUE : null;
  }

  boolean isArbitrary() {
    return operator.equals("===");
  }

  boolean matchesArbitrary(String text) {
    return PyText.lower(text).equals(PyText.lower(version));
  }

  /** The parsed version, or null for an unparsable {@code ===} string. */
  Version parsedVersion() {
    return parsed;
  }

  Boolean explicitPrereleases() {
    return prereleases;
  }

  /** The intervals this clause admits; {@code ===} admits everything here (checked separately). */
  List<VersionRanges.Interval> ranges() {
    List<VersionRanges.Interval> r = ranges;
    if (r == null) {
      if (isArbitrary()) {
        r = VersionRanges.FULL;
      } else if (wildcard) {
        r = VersionRanges.wildcard(operator.equals("=="), parsed);
      } else {
        r = VersionRanges.standard(operator, parsed, version.contains("+"));
      }
      ranges = r;
    }
    return r;
  }

  /** packaging's canonical form: trailing release zeros dropped except after {@code ~=}. */
  private String canonicalVersion() {
    if (isArbitrary() || wildcard) {
      return version;
    }
    return operator.equals("~=") ? parsed.toString() : parsed.toStringTrimmed();
  }

  /** Equal when operator and canonical version agree; the pre-release override is ignored. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Specifier)) {
      return false;
    }
    Specifier other = (Specifier) o;
    return operator.equals(other.operator) && canonicalVersion().equals(other.canonicalVersion());
  }

  @Override
  public int hashCode() {
    return operator.hashCode() * 31 + canonicalVersion().hashCode();
  }

  /** The operator and the version as written, e.g. {@code >=1.0}. */
  @Override
  public String toString() {
    return operator + version;
  }
}
