package dev.pylayer.pep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A comma-separated set of PEP 440 version specifiers ({@code >=1.0,!=1.3,<2}), all of which a
 * version must satisfy, with pypa/packaging 26.x semantics. The empty set matches every version.
 *
 * <p>Pre-releases follow packaging's tri-state rule. A {@code Boolean prereleases} argument of
 * true admits them, false excludes them, and null lets the set decide: a set that explicitly
 * mentions a pre-release ({@code >=2.0b1}) admits them; otherwise {@link #contains} admits a lone
 * pre-release (there is nothing better to choose) and {@link #filter} keeps pre-releases only
 * when no final release matches, which is the rule a resolver follows.
 *
 * <p>{@link #toString()} is the normalized form: clauses sorted and deduplicated.
 */
public final class SpecifierSet {

  private static final SpecifierSet EMPTY = new SpecifierSet(List.of(), null);

  private final List<Specifier> specs;
  private final Boolean prereleases; // explicit override, null = decide from the specifiers
  private final boolean hasArbitrary;
  private volatile List<VersionRanges.Interval> ranges;
  private volatile List<Specifier> canonical;

  private SpecifierSet(List<Specifier> specs, Boolean prereleases) {
    this.specs = specs;
    this.prereleases = prereleases;
    boolean arbitrary = false;
    for (Specifier s : specs) {
      arbitrary |= s.isArbitrary();
    }
    this.hasArbitrary = arbitrary;
  }

  /**
   * Parses a comma-separated specifier set; blank clauses are skipped, so {@code ""} is the empty
   * set that matches everything.
   *
   * @throws InvalidSpecifierException naming the first invalid clause
   */
  public static SpecifierSet parse(String specifiers) {
    Objects.requireNonNull(specifiers, "specifiers");
    List<Specifier> parsed = new ArrayList<>();
    for (String clause : specifiers.split(",", -1)) {
      String stripped = PyText.strip(clause);
      if (stripped.isEmpty()) {
        continue;
      }
      Specifier s = Specifier.tryParse(stripped);
      if (s == null) {
        String problem;
        try {
          Specifier.parse(stripped);
          problem = "'" + stripped + "' is not a valid version specifier";
        } catch (InvalidSpecifierException e) {
          problem = e.getMessage();
        }
        if (!stripped.equals(specifiers)) {
          problem = "in '" + specifiers + "': " + problem;
        }
        throw new InvalidSpecifierException(specifiers, problem);
      }
      parsed.add(s);
    }
    return parsed.isEmpty() ? EMPTY : new SpecifierSet(List.copyOf(parsed), null);
  }

  /** The set of the given clauses, kept in the given order. */
  public static SpecifierSet of(List<Specifier> specifiers) {
    return specifiers.isEmpty() ? EMPTY : new SpecifierSet(List.copyOf(specifiers), null);
  }

  /** The empty set, which matches every version. */
  public static SpecifierSet empty() {
    return EMPTY;
  }

  /** A copy with an explicit pre-release policy: true/false override, null decides itself. */
  public SpecifierSet withPrereleases(Boolean prereleases) {
    return Objects.equals(prereleases, this.prereleases)
        ? this
        : new SpecifierSet(specs, prereleases);
  }

  /**
   * The intersection: versions must satisfy both sets.
   *
   * @throws IllegalArgumentException if one set forces pre-releases on and the other off
   */
  public SpecifierSet and(SpecifierSet other) {
    Boolean combined;
    if (prereleases == null || prereleases.equals(other.prereleases)) {
      combined = other.prereleases;
    } else if (other.prereleases == null) {
      combined = prereleases;
    } else {
      throw new IllegalArgumentException(
          "cannot combine '"
              + this
              + "' and '"
              + other
              + "': one allows pre-releases and the other forbids them");
    }
    List<Specifier> all = new ArrayList<>(specs);
    all.addAll(other.specs);
    return new SpecifierSet(List.copyOf(all), combined);
  }

  /** The clauses in the order written. */
  public List<Specifier> specifiers() {
    return specs;
  }

  /** Whether the set has no clause (and so matches every version). */
  public boolean isEmpty() {
    return specs.isEmpty();
  }

  /**
   * The set's own pre-release policy: the explicit override if set, else true when any clause
   * admits pre-releases ({@code >=1.0rc1}), else null (decide per call).
   */
  public Boolean prereleases() {
    if (prereleases != null) {
      return prereleases;
    }
    for (Specifier s : specs) {
      if (Boolean.TRUE.equals(s.prereleases())) {
        return Boolean.TRUE;
      }
    }
    return null;
  }

  /**
   * Whether {@code v} satisfies every clause. A pre-release is admitted unless {@code
   * prereleases} is false (or null and the set's explicit override is false).
   */
  public boolean contains(Version v, Boolean prereleases) {
    Objects.requireNonNull(v, "v");
    if (!hasArbitrary && !specs.isEmpty()) {
      if (v.isPrerelease()
          && (Boolean.FALSE.equals(prereleases)
              || (prereleases == null && Boolean.FALSE.equals(this.prereleases)))) {
        return false;
      }
      return VersionRanges.contains(ranges(), v);
    }
    return !filterCandidates(
            List.of(new Candidates.Candidate<>(v, v, null)), prereleases)
        .isEmpty();
  }

  /**
   * Like {@link #contains(Version, Boolean)} for a version string. {@code ===} compares the
   * string as written; other clauses need a valid PEP 440 version (the empty set matches any
   * string).
   */
  public boolean contains(String candidate, Boolean prereleases) {
    Objects.requireNonNull(candidate, "candidate");
    Version v = VersionParser.tryParse(candidate);
    if (v != null && !hasArbitrary) {
      return contains(v, prereleases);
    }
    return !filterCandidates(Candidates.ofStrings(List.of(candidate)), prereleases).isEmpty();
  }

  /**
   * The versions that satisfy the set, in their original order. With {@code prereleases} null
   * (and no pre-release named by the set), pre-releases are kept only when no final release
   * matches: {@code >=1.0} keeps {@code [1.0, 2.0]} of {@code [1.0, 2.0, 3.0a1]} but {@code
   * [3.0a1]} of {@code [0.9, 3.0a1]}.
   */
  public List<Version> filter(List<Version> versions, Boolean prereleases) {
    return filter(versions, Function.identity(), prereleases);
  }

  /** Items whose version satisfies the set, in their original order (see {@link #filter(List, Boolean)}). */
  public <T> List<T> filter(
      List<T> items, Function<? super T, Version> versionOf, Boolean prereleases) {
    return filterCandidates(Candidates.ofVersions(items, versionOf), prereleases);
  }

  /**
   * Version strings that satisfy the set, in their original order. Strings that are not PEP 440
   * versions are dropped unless a {@code ===} clause names them or the set is empty.
   */
  public List<String> filterStrings(List<String> versions, Boolean prereleases) {
    return filterCandidates(Candidates.ofStrings(versions), prereleases);
  }

  private <T> List<T> filterCandidates(List<Candidates.Candidate<T>> items, Boolean prereleases) {
    Boolean pre = prereleases;
    if (pre == null) {
      pre = prereleases();
    }
    if (specs.isEmpty()) {
      return Candidates.applyPrereleasePolicy(items, pre);
    }
    if (hasArbitrary) {
      List<Candidates.Candidate<T>> matches = new ArrayList<>();
      for (Candidates.Candidate<T> c : items) {
        if (matchesEveryClause(c)) {
          matches.add(c);
        }
      }
      return Candidates.applyPrereleasePolicy(matches, pre);
    }
    return Candidates.filterByRanges(ranges(), items, pre);
  }

  private boolean matchesEveryClause(Candidates.Candidate<?> c) {
    for (Specifier s : specs) {
      boolean ok =
          s.isArbitrary()
              ? s.matchesArbitrary(c.text())
              : c.version != null && VersionRanges.contains(s.ranges(), c.version);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether no version can ever satisfy the set, e.g. {@code >=2.0,<1.0}, {@code ==1.*,>=2.0},
   * {@code ===a,===b}, or {@code >=1.0a1,<1.0} when pre-releases are excluded.
   */
  public boolean isUnsatisfiable() {
    if (specs.isEmpty()) {
      return false;
    }
    List<VersionRanges.Interval> r = ranges();
    if (r.isEmpty() || arbitraryUnsatisfiable()) {
      return true;
    }
    return Boolean.FALSE.equals(prereleases()) && VersionRanges.onlyPrereleases(r);
  }

  /** {@code ===V} admits only the string V: check it against the other clauses. */
  private boolean arbitraryUnsatisfiable() {
    List<Specifier> arbitrary = new ArrayList<>();
    List<Specifier> standard = new ArrayList<>();
    for (Specifier s : specs) {
      (s.isArbitrary() ? arbitrary : standard).add(s);
    }
    if (arbitrary.isEmpty()) {
      return false;
    }
    String first = PyText.lower(arbitrary.get(0).version());
    for (Specifier s : arbitrary) {
      if (!PyText.lower(s.version()).equals(first)) {
        return true;
      }
    }
    Version candidate = arbitrary.get(0).parsedVersion();
    if (Boolean.FALSE.equals(prereleases()) && candidate != null && candidate.isPrerelease()) {
      return true;
    }
    if (standard.isEmpty()) {
      return false;
    }
    if (candidate == null) {
      return true;
    }
    for (Specifier s : standard) {
      if (!s.contains(candidate, null)) {
        return true;
      }
    }
    return false;
  }

  /** The intersection of every clause's intervals; empty when unsatisfiable. */
  private List<VersionRanges.Interval> ranges() {
    List<VersionRanges.Interval> r = ranges;
    if (r == null) {
      r = specs.get(0).ranges();
      for (int i = 1; i < specs.size() && !r.isEmpty(); i++) {
        r = VersionRanges.intersect(r, specs.get(i).ranges());
      }
      ranges = r;
    }
    return r;
  }

  /** Clauses sorted by their text and deduplicated by canonical equality, as packaging does. */
  private List<Specifier> canonical() {
    List<Specifier> c = canonical;
    if (c == null) {
      List<Specifier> sorted = new ArrayList<>(specs);
      sorted.sort((a, b) -> PyText.compareCodePoints(a.toString(), b.toString()));
      c = Collections.unmodifiableList(new ArrayList<>(new LinkedHashSet<>(sorted)));
      canonical = c;
    }
    return c;
  }

  /** Equal when the canonical clauses agree; pre-release overrides are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SpecifierSet && canonical().equals(((SpecifierSet) o).canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  /** The normalized form: clauses sorted and deduplicated, joined with commas. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Specifier s : canonical()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(s);
    }
    return sb.toString();
  }
}
