package dev.pylayer.lock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PubGrub's partial solution: the ordered assignments made so far (decisions and derivations),
 * each at a decision level, with the intersection of every package's assignments kept current so
 * that unit propagation asks "what do we know about p" in constant time.
 */
final class PartialSolution {

  /** One decision ({@code p == v}) or derivation ({@code term}, because of {@code cause}). */
  static final class Assignment {
    final Pkg pkg;
    final Term term;
    final int level;
    final Incompatibility cause; // null for a decision
    final int versionIndex; // the decided version, or -1
    final Term accumulated; // the package's assignments up to and including this one
    final Assignment previous; // the package's assignment before this one, or null

    private Assignment(Pkg pkg, Term term, int level, Incompatibility cause, int versionIndex,
        Assignment previous) {
      this.pkg = pkg;
      this.term = term;
      this.level = level;
      this.cause = cause;
      this.versionIndex = versionIndex;
      this.previous = previous;
      this.accumulated = previous == null ? term : previous.accumulated.intersect(term);
    }

    boolean isDecision() {
      return cause == null;
    }
  }

  private final List<Assignment> assignments = new ArrayList<>();
  private final Map<Pkg, Assignment> latest = new HashMap<>();
  private final Map<Pkg, Assignment> decisions = new HashMap<>();
  private int level;

  int level() {
    return level;
  }

  int size() {
    return assignments.size();
  }

  Assignment get(int index) {
    return assignments.get(index);
  }

  /** Selects {@code version} of {@code pkg}, opening a new decision level. */
  void decide(Pkg pkg, VersionSet version, int versionIndex) {
    level++;
    Assignment a = new Assignment(pkg, Term.positive(version), level, null, versionIndex,
        latest.get(pkg));
    push(a);
    decisions.put(pkg, a);
  }

  /** Records that {@code term} must hold, because of {@code cause}. */
  void derive(Pkg pkg, Term term, Incompatibility cause) {
    push(new Assignment(pkg, term, level, cause, -1, latest.get(pkg)));
  }

  private void push(Assignment a) {
    assignments.add(a);
    latest.put(a.pkg, a);
  }

  /** Everything known about the package (the intersection of its assignments), or null. */
  Term term(Pkg pkg) {
    Assignment a = latest.get(pkg);
    return a == null ? null : a.accumulated;
  }

  /** The decided version index of the package, or -1. */
  int decided(Pkg pkg) {
    Assignment a = decisions.get(pkg);
    return a == null ? -1 : a.versionIndex;
  }

  /** The decision level at which the package was decided, or -1. */
  int decisionLevel(Pkg pkg) {
    Assignment a = decisions.get(pkg);
    return a == null ? -1 : a.level;
  }

  /** Packages that must be selected (positive term) but have no version decided yet. */
  List<Pkg> undecided() {
    List<Pkg> out = new ArrayList<>();
    for (Map.Entry<Pkg, Assignment> e : latest.entrySet()) {
      if (e.getValue().accumulated.isPositive() && !decisions.containsKey(e.getKey())) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** Every decision, in order. */
  List<Assignment> decisions() {
    List<Assignment> out = new ArrayList<>();
    for (Assignment a : assignments) {
      if (a.isDecision()) {
        out.add(a);
      }
    }
    return out;
  }

  /** Removes every assignment made above {@code toLevel}. */
  void backtrack(int toLevel) {
    while (!assignments.isEmpty() && assignments.get(assignments.size() - 1).level > toLevel) {
      Assignment a = assignments.remove(assignments.size() - 1);
      if (a.previous == null) {
        latest.remove(a.pkg);
      } else {
        latest.put(a.pkg, a.previous);
      }
      if (a.isDecision()) {
        decisions.remove(a.pkg);
      }
    }
    level = toLevel;
  }
}
