package dev.pylayer.lock;

import dev.pylayer.pep.SpecifierSet;
import java.util.BitSet;
import java.util.Objects;

/**
 * A set of known versions of one project: a bit per {@link KnownVersions} entry. Sets made from a
 * specifier keep the specifier's text for explanations ("openai>=1.40.0"); sets computed by the
 * resolver (intersections, unions, complements) are described by the runs of versions they hold.
 * Immutable.
 */
final class VersionSet {

  private final KnownVersions universe;
  private final BitSet bits;
  private final String label; // how to write the set after the project name, or null

  private VersionSet(KnownVersions universe, BitSet bits, String label) {
    this.universe = universe;
    this.bits = bits;
    this.label = label;
  }

  static VersionSet full(KnownVersions universe) {
    BitSet b = new BitSet(universe.size());
    b.set(0, universe.size());
    return new VersionSet(universe, b, null);
  }

  static VersionSet empty(KnownVersions universe) {
    return new VersionSet(universe, new BitSet(), null);
  }

  static VersionSet single(KnownVersions universe, int index) {
    BitSet b = new BitSet(universe.size());
    b.set(index);
    return new VersionSet(universe, b, null);
  }

  /**
   * The known versions a specifier admits. Pre-releases are admitted here: whether a pre-release
   * may be chosen is decided per project by the resolver, not per specifier.
   *
   * @param text how the specifier was written, e.g. {@code >=1.40.0,<2}
   */
  static VersionSet matching(KnownVersions universe, SpecifierSet specifier, String text) {
    BitSet b = new BitSet(universe.size());
    for (int i = 0; i < universe.size(); i++) {
      if (specifier.contains(universe.get(i), true)) {
        b.set(i);
      }
    }
    return new VersionSet(universe, b, text);
  }

  KnownVersions universe() {
    return universe;
  }

  /** This set described by {@code label} in explanations. */
  VersionSet labelled(String label) {
    return new VersionSet(universe, bits, label);
  }

  boolean isEmpty() {
    return bits.isEmpty();
  }

  boolean isFull() {
    return bits.cardinality() == universe.size();
  }

  boolean contains(int index) {
    return bits.get(index);
  }

  int cardinality() {
    return bits.cardinality();
  }

  /** The highest index in the set, or -1. */
  int highest() {
    return bits.length() - 1;
  }

  /** The next lower index in the set below {@code index}, or -1. */
  int previous(int index) {
    return index <= 0 ? -1 : bits.previousSetBit(index - 1);
  }

  VersionSet intersect(VersionSet other) {
    BitSet b = (BitSet) bits.clone();
    b.and(other.bits);
    return new VersionSet(universe, b, sameLabel(other));
  }

  VersionSet union(VersionSet other) {
    BitSet b = (BitSet) bits.clone();
    b.or(other.bits);
    return new VersionSet(universe, b, sameLabel(other));
  }

  VersionSet minus(VersionSet other) {
    BitSet b = (BitSet) bits.clone();
    b.andNot(other.bits);
    return new VersionSet(universe, b, null);
  }

  /** This set without the versions whose bits are set in {@code indexes}. */
  VersionSet without(BitSet indexes) {
    if (!bits.intersects(indexes)) {
      return this;
    }
    BitSet b = (BitSet) bits.clone();
    b.andNot(indexes);
    return new VersionSet(universe, b, null);
  }

  VersionSet complement() {
    BitSet b = new BitSet(universe.size());
    b.set(0, universe.size());
    b.andNot(bits);
    return new VersionSet(universe, b, null);
  }

  boolean subsetOf(VersionSet other) {
    BitSet b = (BitSet) bits.clone();
    b.andNot(other.bits);
    return b.isEmpty();
  }

  boolean disjoint(VersionSet other) {
    return !bits.intersects(other.bits);
  }

  private String sameLabel(VersionSet other) {
    return label != null && label.equals(other.label) ? label : null;
  }

  /**
   * The set after a project name: {@code "==1.0.0"}, {@code ">=2.0,<3.0"}, {@code ""} for every
   * version. Sets of several runs are joined with {@code " | " + name}, so pass the name.
   */
  String describe(String name) {
    if (label != null) {
      return name + label;
    }
    int n = universe.size();
    int count = bits.cardinality();
    if (count == n && n != 1) {
      return name;
    }
    if (count == 0) {
      return name + " (no version)";
    }
    if (count == n - 1 && n > 2) {
      return name + "!=" + universe.get(bits.nextClearBit(0));
    }
    StringBuilder out = new StringBuilder();
    int start = bits.nextSetBit(0);
    while (start >= 0) {
      int end = bits.nextClearBit(start) - 1; // inclusive
      if (out.length() > 0) {
        out.append(" | ");
      }
      out.append(name);
      if (start == end) {
        out.append("==").append(universe.get(start));
      } else if (start == 0) {
        out.append(end + 1 < n ? "<" + universe.get(end + 1) : "");
      } else if (end == n - 1) {
        out.append(">=").append(universe.get(start));
      } else {
        out.append(">=").append(universe.get(start)).append(",<").append(universe.get(end + 1));
      }
      start = bits.nextSetBit(end + 1);
    }
    return out.toString();
  }

  /** Same universe and same versions; labels are ignored. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof VersionSet)) {
      return false;
    }
    VersionSet s = (VersionSet) o;
    return universe == s.universe && bits.equals(s.bits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(System.identityHashCode(universe), bits);
  }

  @Override
  public String toString() {
    return describe("");
  }
}
