package dev.pylayer.lock;

/**
 * A statement about one package in PubGrub: positive "a version in S is selected" or negative
 * "no version in S is selected" (which also holds when the package is not selected at all).
 * Immutable.
 */
final class Term {

  private final boolean positive;
  private final VersionSet set;

  private Term(boolean positive, VersionSet set) {
    this.positive = positive;
    this.set = set;
  }

  static Term positive(VersionSet set) {
    return new Term(true, set);
  }

  static Term negative(VersionSet set) {
    return new Term(false, set);
  }

  /** The term that holds for a package nothing is known about: anything goes. */
  static Term any(KnownVersions universe) {
    return negative(VersionSet.empty(universe));
  }

  boolean isPositive() {
    return positive;
  }

  VersionSet set() {
    return set;
  }

  Term negate() {
    return new Term(!positive, set);
  }

  Term intersect(Term other) {
    if (positive && other.positive) {
      return positive(set.intersect(other.set));
    }
    if (positive) {
      return positive(set.minus(other.set));
    }
    if (other.positive) {
      return positive(other.set.minus(set));
    }
    return negative(set.union(other.set));
  }

  /** The states allowed by either term. */
  Term union(Term other) {
    return negate().intersect(other.negate()).negate();
  }

  /** Whether every state allowed by this term is allowed by {@code other}. */
  boolean satisfies(Term other) {
    if (positive && other.positive) {
      return set.subsetOf(other.set);
    }
    if (positive) {
      return set.disjoint(other.set);
    }
    if (other.positive) {
      return false; // "not selected" is allowed here but not there
    }
    return other.set.subsetOf(set);
  }

  /** Whether no state is allowed by both terms. */
  boolean contradicts(Term other) {
    if (positive && other.positive) {
      return set.disjoint(other.set);
    }
    if (positive) {
      return set.subsetOf(other.set);
    }
    if (other.positive) {
      return other.set.subsetOf(set);
    }
    return false;
  }

  /** Whether this term allows every state (a negative term on no version). */
  boolean isAny() {
    return !positive && set.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Term && ((Term) o).positive == positive && ((Term) o).set.equals(set);
  }

  @Override
  public int hashCode() {
    return set.hashCode() * 2 + (positive ? 1 : 0);
  }

  @Override
  public String toString() {
    return (positive ? "" : "not ") + set;
  }
}
