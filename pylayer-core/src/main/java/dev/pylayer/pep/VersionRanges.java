package dev.pylayer.pep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Specifiers as sorted, disjoint intervals of the version line, the model packaging 26.3 uses for
 * matching and for {@code is_unsatisfiable()}.
 *
 * <p>Some bounds fall between real versions: {@code <=1.0} includes {@code 1.0+local} but not
 * {@code 1.0.post0}, and {@code >1.0} excludes every {@code 1.0.postN}. Those are
 * {@linkplain Kind#AFTER_LOCALS after-locals} and {@linkplain Kind#AFTER_POSTS after-posts}
 * points of a version V:
 *
 * <pre>  V  <  V+local  <  AFTER_LOCALS(V)  <  V.post0  <  ...  <  AFTER_POSTS(V)  <  next release</pre>
 */
final class VersionRanges {

  /** The smallest PEP 440 version; nothing sorts below it. */
  static final Version MIN_VERSION = Version.parse("0.dev0");

  /** The smallest version that is not a pre-release. */
  static final Version MIN_RELEASE = Version.parse("0");

  static final List<Interval> FULL = List.of(new Interval(Lower.UNBOUNDED, Upper.UNBOUNDED));

  private VersionRanges() {}

  enum Kind {
    EXACT,
    AFTER_LOCALS,
    AFTER_POSTS
  }

  /** A point on the version line: a version, or a boundary just above a family of versions. */
  static final class Point {
    final Version version;
    final Kind kind;

    private Point(Version version, Kind kind) {
      this.version = version;
      this.kind = kind;
    }

    static Point exact(Version v) {
      return new Point(v, Kind.EXACT);
    }

    static Point afterLocals(Version v) {
      return new Point(v, Kind.AFTER_LOCALS);
    }

    static Point afterPosts(Version v) {
      return new Point(v, Kind.AFTER_POSTS);
    }

    boolean isBoundary() {
      return kind != Kind.EXACT;
    }

    @Override
    public String toString() {
      return kind == Kind.EXACT ? version.toString() : kind + "(" + version + ")";
    }
  }

  /** Lower bound; {@code point == null} is minus infinity. */
  static final class Lower {
    static final Lower UNBOUNDED = new Lower(null, false);
    final Point point;
    final boolean inclusive;

    Lower(Point point, boolean inclusive) {
      this.point = point;
      this.inclusive = point != null && inclusive;
    }

    /** Whether {@code v} lies at or above this bound. */
    boolean admits(Version v) {
      if (point == null) {
        return true;
      }
      int c = compareToVersion(point, v);
      return c < 0 || (c == 0 && inclusive);
    }
  }

  /** Upper bound; {@code point == null} is plus infinity. */
  static final class Upper {
    static final Upper UNBOUNDED = new Upper(null, false);
    final Point point;
    final boolean inclusive;

    Upper(Point point, boolean inclusive) {
      this.point = point;
      this.inclusive = point != null && inclusive;
    }

    /** Whether {@code v} lies at or below this bound. */
    boolean admits(Version v) {
      if (point == null) {
        return true;
      }
      int c = compareToVersion(point, v);
      return c > 0 || (c == 0 && inclusive);
    }
  }

  /** A non-empty interval of versions. */
  static final class Interval {
    final Lower lower;
    final Upper upper;

    Interval(Lower lower, Upper upper) {
      this.lower = lower;
      this.upper = upper;
    }

    @Override
    public String toString() {
      return (lower.inclusive ? "[" : "(")
          + (lower.point == null ? "-inf" : lower.point)
          + ", "
          + (upper.point == null ? "+inf" : upper.point)
          + (upper.inclusive ? "]" : ")");
    }
  }

  // ---- ordering of points ----

  /** Total order of points; 0 only for equal versions or boundaries at the same place. */
  static int compare(Point a, Point b) {
    if (!a.isBoundary() && !b.isBoundary()) {
      return a.version.compareTo(b.version);
    }
    if (a.isBoundary() && b.isBoundary()) {
      return compareBoundaries(a, b);
    }
    return a.isBoundary() ? compareToVersion(a, b.version) : -compareToVersion(b, a.version);
  }

  /** Compares a point with a version: never 0 when the point is a boundary. */
  static int compareToVersion(Point p, Version v) {
    if (!p.isBoundary()) {
      return p.version.compareTo(v);
    }
    return p.version.compareTo(v) < 0 && !inFamily(p, v) ? -1 : 1;
  }

  /** Whether the boundary {@code b} sorts above {@code other} because it covers its family. */
  private static boolean inFamily(Point b, Version other) {
    Version v = b.version;
    if (!v.sameReleaseAndPre(other)) {
      return false;
    }
    if (b.kind == Kind.AFTER_LOCALS) {
      return Objects.equals(other.postNumber(), v.postNumber())
          && Objects.equals(other.devNumber(), v.devNumber());
    }
    return Objects.equals(other.devNumber(), v.devNumber()) || other.postNumber() != null;
  }

  /**
   * Boundaries compare as their version's key with an infinite local segment; an after-posts
   * boundary also has an infinite post number.
   */
  private static int compareBoundaries(Point a, Point b) {
    int c = a.version.compareUpToPre(b.version);
    if (c != 0) {
      return c;
    }
    boolean aPosts = a.kind == Kind.AFTER_POSTS;
    boolean bPosts = b.kind == Kind.AFTER_POSTS;
    if (aPosts || bPosts) {
      return Boolean.compare(aPosts, bPosts);
    }
    return a.version.comparePublic(b.version);
  }

  private static int compareLower(Lower a, Lower b) {
    if (a.point == null || b.point == null) {
      return Boolean.compare(a.point != null, b.point != null);
    }
    int c = compare(a.point, b.point);
    if (c != 0) {
      return c;
    }
    return Boolean.compare(!a.inclusive, !b.inclusive); // an inclusive bound starts earlier
  }

  private static int compareUpper(Upper a, Upper b) {
    if (a.point == null || b.point == null) {
      return Boolean.compare(a.point == null, b.point == null);
    }
    int c = compare(a.point, b.point);
    if (c != 0) {
      return c;
    }
    return Boolean.compare(a.inclusive, b.inclusive); // an exclusive bound ends earlier
  }

  // ---- building ranges for one specifier ----

  /** {@code ==V.*} and {@code !=V.*}: {@code ==1.2.*} is {@code [1.2.dev0, 1.3.dev0)}. */
  static List<Interval> wildcard(boolean equal, Version base) {
    Version lower = releaseDev0(base.epochNumber(), base.releaseNumbers());
    Version upper = nextPrefixDev0(base);
    if (equal) {
      return List.of(
          new Interval(new Lower(Point.exact(lower), true), new Upper(Point.exact(upper), false)));
    }
    return List.of(
        new Interval(Lower.UNBOUNDED, new Upper(Point.exact(lower), false)),
        new Interval(new Lower(Point.exact(upper), true), Upper.UNBOUNDED));
  }

  /** Ranges of the standard operators (no wildcard, no {@code ===}). */
  static List<Interval> standard(String op, Version v, boolean hasLocal) {
    switch (op) {
      case ">=":
        return List.of(new Interval(new Lower(Point.exact(v), true), Upper.UNBOUNDED));
      case "<=":
        return List.of(new Interval(Lower.UNBOUNDED, new Upper(Point.afterLocals(v), true)));
      case ">":
        if (v.devNumber() != null) {
          // >V.devN: dev releases have no post-releases, the next version is V.dev(N+1).
          Version next = v.withDev(v.devNumber().plusOne()).publicVersion();
          return List.of(new Interval(new Lower(Point.exact(next), true), Upper.UNBOUNDED));
        }
        if (v.postNumber() != null) {
          Version next = v.withPost(v.postNumber().plusOne()).withDev(Num.ZERO).publicVersion();
          return List.of(new Interval(new Lower(Point.exact(next), true), Upper.UNBOUNDED));
        }
        // >V excludes V, V+local and every V.postN (PEP 440).
        return List.of(new Interval(new Lower(Point.afterPosts(v), false), Upper.UNBOUNDED));
      case "<":
        {
          // <V excludes pre-releases of V unless V is itself a pre-release.
          Version bound = v.isPrerelease() ? v : v.withDev(Num.ZERO).publicVersion();
          if (bound.compareTo(MIN_VERSION) <= 0) {
            return List.of();
          }
          return List.of(new Interval(Lower.UNBOUNDED, new Upper(Point.exact(bound), false)));
        }
      case "==":
        {
          Point upper = hasLocal ? Point.exact(v) : Point.afterLocals(v);
          return List.of(new Interval(new Lower(Point.exact(v), true), new Upper(upper, true)));
        }
      case "!=":
        {
          Point upper = hasLocal ? Point.exact(v) : Point.afterLocals(v);
          return List.of(
              new Interval(Lower.UNBOUNDED, new Upper(Point.exact(v), false)),
              new Interval(new Lower(upper, false), Upper.UNBOUNDED));
        }
      case "~=":
        {
          Num[] release = v.releaseNumbers();
          Version prefix = v.withRelease(Arrays.copyOf(release, release.length - 1));
          return List.of(
              new Interval(
                  new Lower(Point.exact(v), true),
                  new Upper(Point.exact(nextPrefixDev0(prefix)), false)));
        }
      default:
        throw new IllegalArgumentException("unknown operator " + op);
    }
  }

  private static Version releaseDev0(Num epoch, Num[] release) {
    return new Version(epoch, release, Version.PRE_NONE, null, null, Num.ZERO, null);
  }

  /** Smallest version of the next prefix: {@code 1.2} gives {@code 1.3.dev0}. */
  private static Version nextPrefixDev0(Version v) {
    Num[] release = v.releaseNumbers().clone();
    release[release.length - 1] = release[release.length - 1].plusOne();
    return releaseDev0(v.epochNumber(), release);
  }

  // ---- range algebra ----

  /** Intersects two sorted, disjoint interval lists (a two-pointer merge). */
  static List<Interval> intersect(List<Interval> left, List<Interval> right) {
    List<Interval> result = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < left.size() && j < right.size()) {
      Interval l = left.get(i);
      Interval r = right.get(j);
      Lower lower = compareLower(l.lower, r.lower) >= 0 ? l.lower : r.lower;
      Upper upper = compareUpper(l.upper, r.upper) <= 0 ? l.upper : r.upper;
      if (!isEmpty(lower, upper)) {
        result.add(new Interval(lower, upper));
      }
      if (compareUpper(l.upper, r.upper) < 0) {
        i++;
      } else {
        j++;
      }
    }
    return result;
  }

  /** Whether no version lies between the bounds. */
  static boolean isEmpty(Lower lower, Upper upper) {
    if (upper.point == null) {
      return false;
    }
    if (lower.point == null) {
      // Nothing sorts below 0.dev0, so (-inf, 0.dev0) is empty.
      return !upper.inclusive
          && !upper.point.isBoundary()
          && upper.point.version.compareTo(MIN_VERSION) <= 0;
    }
    if (lower.point.isBoundary()) {
      // A boundary lower bound sits just below its least successor.
      Version successor = leastVersionAbove(lower.point);
      if (successor != null) {
        if (!upper.point.isBoundary() && upper.point.version.compareTo(successor) == 0) {
          return !upper.inclusive;
        }
        return compareToVersion(upper.point, successor) < 0;
      }
    }
    int c = compare(lower.point, upper.point);
    if (c == 0) {
      return !(lower.inclusive && upper.inclusive);
    }
    return c > 0;
  }

  /** The smallest real version strictly above a boundary, or null if there is none. */
  private static Version leastVersionAbove(Point boundary) {
    Version base = boundary.version;
    if (boundary.kind == Kind.AFTER_LOCALS) {
      if (base.devNumber() != null) {
        return base.withDev(base.devNumber().plusOne()).publicVersion();
      }
      Num nextPost = base.postNumber() == null ? Num.ZERO : base.postNumber().plusOne();
      return base.withPost(nextPost).withDev(Num.ZERO).publicVersion();
    }
    if (base.preKind() != Version.PRE_NONE) {
      return base.withPre(base.preKind(), base.preNumber().plusOne())
          .withPost(null)
          .withDev(Num.ZERO)
          .publicVersion();
    }
    return null;
  }

  /** Whether {@code v} lies in one of the sorted intervals. */
  static boolean contains(List<Interval> ranges, Version v) {
    for (Interval range : ranges) {
      if (!range.lower.admits(v)) {
        return false; // later intervals start even higher
      }
      if (range.upper.admits(v)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every interval holds only pre-releases (used when pre-releases are excluded). */
  static boolean onlyPrereleases(List<Interval> ranges) {
    for (Interval range : ranges) {
      Version nearest = lowestReleaseAtOrAbove(range.lower.point);
      if (range.upper.point == null) {
        return false;
      }
      int c = -compareToVersion(range.upper.point, nearest);
      if (c < 0) {
        return false;
      }
      if (c == 0 && range.upper.inclusive) {
        return false;
      }
    }
    return true;
  }

  private static Version lowestReleaseAtOrAbove(Point p) {
    if (p == null) {
      return MIN_RELEASE;
    }
    Version v = p.version;
    if (p.isBoundary()) {
      if (v.isPrerelease()) {
        return nearestReleaseAbovePrerelease(v);
      }
      Num nextPost = v.postNumber() == null ? Num.ZERO : v.postNumber().plusOne();
      return v.withPost(nextPost).publicVersion();
    }
    return v.isPrerelease() ? nearestReleaseAbovePrerelease(v) : v;
  }

  private static Version nearestReleaseAbovePrerelease(Version v) {
    if (v.preKind() != Version.PRE_NONE) {
      // 1.0a1.post0 -> 1.0, which sorts above every post-release of the pre-release.
      return v.withPre(Version.PRE_NONE, null).withPost(null).withDev(null).publicVersion();
    }
    return v.withDev(null).publicVersion(); // 1.0.post0.dev0 -> 1.0.post0
  }
}
