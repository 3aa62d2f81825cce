package dev.pylayer.lock;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A set of terms that must not all hold at once, and why: the resolver's unit of knowledge
 * (PubGrub). External incompatibilities come from the problem (the user needs the root, a
 * version depends on something, a constraint, no usable version); derived ones come from two
 * others during conflict resolution, and form the tree an explanation is written from.
 */
final class Incompatibility {

  /** Where an incompatibility comes from. */
  enum Kind {
    /** {@code {not root}}: the requirements must be met. */
    ROOT,
    /** {@code {p in S, not q in T}}: p (in S) depends on q in T. */
    DEPENDENCY,
    /** {@code {root, q not in C}}: a constraint the user gave. */
    CONSTRAINT,
    /** {@code {p in S}}: no version in S can be used; {@link #reason()} says why. */
    NO_VERSIONS,
    /** Derived from {@link #cause1()} and {@link #cause2()}. */
    DERIVED
  }

  private final int id;
  private final Map<Pkg, Term> terms;
  private final Kind kind;
  private final Incompatibility cause1;
  private final Incompatibility cause2;
  private final String reason;

  private Incompatibility(int id, Map<Pkg, Term> terms, Kind kind, Incompatibility cause1,
      Incompatibility cause2, String reason) {
    this.id = id;
    this.terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    this.kind = kind;
    this.cause1 = cause1;
    this.cause2 = cause2;
    this.reason = reason;
  }

  static Incompatibility external(int id, Map<Pkg, Term> terms, Kind kind, String reason) {
    return new Incompatibility(id, terms, kind, null, null, reason);
  }

  static Incompatibility derived(int id, Map<Pkg, Term> terms, Incompatibility cause1,
      Incompatibility cause2) {
    return new Incompatibility(id, terms, Kind.DERIVED, cause1, cause2, null);
  }

  int id() {
    return id;
  }

  Map<Pkg, Term> terms() {
    return terms;
  }

  Term term(Pkg pkg) {
    return terms.get(pkg);
  }

  Kind kind() {
    return kind;
  }

  boolean isDerived() {
    return kind == Kind.DERIVED;
  }

  Incompatibility cause1() {
    return cause1;
  }

  Incompatibility cause2() {
    return cause2;
  }

  /** For {@link Kind#NO_VERSIONS}: why none can be used; else null. */
  String reason() {
    return reason;
  }

  /** Whether this says the requirements themselves cannot be met: no term, or only the root. */
  boolean isFailure() {
    if (terms.isEmpty()) {
      return true;
    }
    if (terms.size() == 1) {
      Map.Entry<Pkg, Term> only = terms.entrySet().iterator().next();
      return only.getKey().isRoot() && only.getValue().isPositive();
    }
    return false;
  }

  @Override
  public String toString() {
    return "#" + id + " " + kind + " " + terms;
  }
}
