package dev.pylayer.pep;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PEP 440 version, parsed and compared exactly as pypa/packaging does.
 *
 * <p>{@link #toString()} is the normalized form ({@code 1.0-ALPHA.1} becomes {@code 1.0a1}).
 * Ordering, {@link #equals} and {@link #hashCode} agree: trailing zeros of the release do not
 * count ({@code 1.0 == 1.0.0}), a local version sorts after its public version, and numbers of
 * any size compare correctly.
 */
public final class Version implements Comparable<Version> {

  static final int PRE_NONE = -1;
  static final int PRE_ALPHA = 0;
  static final int PRE_BETA = 1;
  static final int PRE_RC = 2;
  private static final String[] PRE_LABELS = {"a", "b", "rc"};

  // Ranks of the pre-release slot in the sort key: a dev-only release sorts before any
  // pre-release, and a release without a pre-release sorts after "rc".
  private static final int RANK_DEV_ONLY = -1;
  private static final int RANK_NO_PRE = 3;

  private final Num epoch;
  private final Num[] release;
  private final int trimmedLength; // release length without trailing zeros
  private final int preKind;
  private final Num preNumber; // null when preKind == PRE_NONE
  private final Num post; // null when absent
  private final Num dev; // null when absent
  private final Object[] local; // Num or lower-case String parts; null when absent

  private String normalized; // lazily built, racy single-check is fine for an immutable value
  private int hash;

  Version(Num epoch, Num[] release, int preKind, Num preNumber, Num post, Num dev, Object[] local) {
    this.epoch = epoch;
    this.release = release;
    this.preKind = preKind;
    this.preNumber = preNumber;
    this.post = post;
    this.dev = dev;
    this.local = local;
    int n = release.length;
    while (n > 0 && release[n - 1].isZero()) {
      n--;
    }
    this.trimmedLength = n;
  }

  /**
   * Parses a version string, accepting every spelling PEP 440 allows ({@code v1.0}, {@code 1.0-r1},
   * surrounding whitespace, ...).
   *
   * @throws InvalidVersionException if {@code version} is not a valid PEP 440 version
   */
  public static Version parse(String version) {
    Objects.requireNonNull(version, "version");
    Version v = VersionParser.tryParse(version);
    if (v == null) {
      throw new InvalidVersionException(version);
    }
    return v;
  }

  /** Parses a version string, or returns empty when it is not a valid PEP 440 version. */
  public static Optional<Version> tryParse(String version) {
    return Optional.ofNullable(VersionParser.tryParse(Objects.requireNonNull(version, "version")));
  }

  /** The epoch ({@code 1} in {@code 1!2.0}); 0 when not written. */
  public BigInteger epoch() {
    return epoch.toBigInteger();
  }

  /** The release segment as written, trailing zeros included: {@code 1.0.0} gives [1, 0, 0]. */
  public List<BigInteger> release() {
    List<BigInteger> out = new ArrayList<>(release.length);
    for (Num n : release) {
      out.add(n.toBigInteger());
    }
    return Collections.unmodifiableList(out);
  }

  /** The pre-release ({@code a}, {@code b} or {@code rc} and its number), if any. */
  public Optional<PreRelease> pre() {
    return preKind == PRE_NONE
        ? Optional.empty()
        : Optional.of(new PreRelease(PRE_LABELS[preKind], preNumber.toBigInteger()));
  }

  /** The post-release number, if any ({@code 1.0-3} and {@code 1.0.post3} both give 3). */
  public Optional<BigInteger> post() {
    return post == null ? Optional.empty() : Optional.of(post.toBigInteger());
  }

  /** The development release number, if any. */
  public Optional<BigInteger> dev() {
    return dev == null ? Optional.empty() : Optional.of(dev.toBigInteger());
  }

  /** The normalized local label ({@code ubuntu.1} for {@code +Ubuntu-01}), if any. */
  public Optional<String> local() {
    if (local == null) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    appendLocal(sb);
    return Optional.of(sb.toString());
  }

  /** This version without its local label. */
  public Version publicVersion() {
    return local == null ? this : new Version(epoch, release, preKind, preNumber, post, dev, null);
  }

  /** Epoch and release only: {@code 1!2.0rc1.post3+x} gives {@code 1!2.0}. */
  public Version baseVersion() {
    if (preKind == PRE_NONE && post == null && dev == null && local == null) {
      return this;
    }
    return new Version(epoch, release, PRE_NONE, null, null, null, null);
  }

  /** True for alpha, beta, rc and dev releases (as PEP 440 defines a pre-release). */
  public boolean isPrerelease() {
    return preKind != PRE_NONE || dev != null;
  }

  /** True when a post-release segment is present. */
  public boolean isPostrelease() {
    return post != null;
  }

  /** True when a dev-release segment is present. */
  public boolean isDevrelease() {
    return dev != null;
  }

  /** True when a local label ({@code +...}) is present. */
  public boolean hasLocal() {
    return local != null;
  }

  // ---- package-private views for the specifier engine ----

  Num epochNumber() {
    return epoch;
  }

  Num[] releaseNumbers() {
    return release;
  }

  int preKind() {
    return preKind;
  }

  Num preNumber() {
    return preNumber;
  }

  Num postNumber() {
    return post;
  }

  Num devNumber() {
    return dev;
  }

  Version withRelease(Num[] newRelease) {
    return new Version(epoch, newRelease, preKind, preNumber, post, dev, local);
  }

  Version withPre(int kind, Num number) {
    return new Version(epoch, release, kind, number, post, dev, local);
  }

  Version withPost(Num number) {
    return new Version(epoch, release, preKind, preNumber, number, dev, local);
  }

  Version withDev(Num number) {
    return new Version(epoch, release, preKind, preNumber, post, number, local);
  }

  /** Same epoch, release and pre-release as {@code other} (release compared without trailing zeros). */
  boolean sameReleaseAndPre(Version other) {
    return epoch.equals(other.epoch)
        && compareTrimmedRelease(other) == 0
        && preKind == other.preKind
        && Objects.equals(preNumber, other.preNumber);
  }

  /** The sort key's pre-release rank: dev-only -1, a 0, b 1, rc 2, none 3. */
  int preRank() {
    if (preKind != PRE_NONE) {
      return preKind;
    }
    return post == null && dev != null ? RANK_DEV_ONLY : RANK_NO_PRE;
  }

  /** Compares epoch, release and the pre-release slot of the sort key. */
  int compareUpToPre(Version o) {
    int c = epoch.compareTo(o.epoch);
    if (c != 0) {
      return c;
    }
    c = compareTrimmedRelease(o);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(preRank(), o.preRank());
    if (c != 0) {
      return c;
    }
    return orZero(preNumber).compareTo(orZero(o.preNumber));
  }

  /** Compares everything but the local label. */
  int comparePublic(Version o) {
    int c = compareUpToPre(o);
    if (c != 0) {
      return c;
    }
    c = Boolean.compare(post != null, o.post != null);
    if (c != 0) {
      return c;
    }
    c = orZero(post).compareTo(orZero(o.post));
    if (c != 0) {
      return c;
    }
    c = Boolean.compare(dev == null, o.dev == null); // a dev release sorts first
    if (c != 0) {
      return c;
    }
    return orZero(dev).compareTo(orZero(o.dev));
  }

  private int compareTrimmedRelease(Version o) {
    int n = Math.min(trimmedLength, o.trimmedLength);
    for (int i = 0; i < n; i++) {
      int c = release[i].compareTo(o.release[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(trimmedLength, o.trimmedLength);
  }

  private static Num orZero(Num n) {
    return n == null ? Num.ZERO : n;
  }

  @Override
  public int compareTo(Version o) {
    int c = comparePublic(o);
    if (c != 0) {
      return c;
    }
    return compareLocal(local, o.local);
  }

  /** No local sorts first; then segment by segment, where strings sort before numbers. */
  private static int compareLocal(Object[] a, Object[] b) {
    if (a == null || b == null) {
      return Boolean.compare(a != null, b != null);
    }
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      Object x = a[i];
      Object y = b[i];
      int c;
      if (x instanceof Num && y instanceof Num) {
        c = ((Num) x).compareTo((Num) y);
      } else if (x instanceof String && y instanceof String) {
        c = ((String) x).compareTo((String) y); // ASCII only, so UTF-16 order is code point order
      } else {
        c = x instanceof String ? -1 : 1;
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Version && compareTo((Version) o) == 0);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = epoch.hashCode();
      for (int i = 0; i < trimmedLength; i++) {
        h = 31 * h + release[i].hashCode();
      }
      h = 31 * h + preKind;
      h = 31 * h + Objects.hashCode(preNumber);
      h = 31 * h + Objects.hashCode(post);
      h = 31 * h + Objects.hashCode(dev);
      h = 31 * h + Arrays.hashCode(local);
      if (h == 0) {
        h = 1; // 0 marks "not computed yet"
      }
      hash = h;
    }
    return h;
  }

  /** The normalized form, e.g. {@code 1!2.0rc1.post2.dev3+ubuntu.1}. */
  @Override
  public String toString() {
    String s = normalized;
    if (s == null) {
      StringBuilder sb = new StringBuilder(16);
      if (!epoch.isZero()) {
        sb.append(epoch).append('!');
      }
      appendRelease(sb);
      if (preKind != PRE_NONE) {
        sb.append(PRE_LABELS[preKind]).append(preNumber);
      }
      if (post != null) {
        sb.append(".post").append(post);
      }
      if (dev != null) {
        sb.append(".dev").append(dev);
      }
      if (local != null) {
        sb.append('+');
        appendLocal(sb);
      }
      s = sb.toString();
      normalized = s;
    }
    return s;
  }

  /** The normalized form with the release written without trailing zeros (at least one part). */
  String toStringTrimmed() {
    int keep = Math.max(trimmedLength, 1);
    if (keep == release.length) {
      return toString();
    }
    return withRelease(Arrays.copyOf(release, keep)).toString();
  }

  private void appendRelease(StringBuilder sb) {
    for (int i = 0; i < release.length; i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(release[i]);
    }
  }

  private void appendLocal(StringBuilder sb) {
    for (int i = 0; i < local.length; i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(local[i]);
    }
  }

  /**
   * A pre-release segment: {@code label} is {@code a}, {@code b} or {@code rc} (after
   * normalizing {@code alpha}, {@code beta}, {@code c}, {@code pre} and {@code preview}).
   */
  public record PreRelease(String label, BigInteger number) {
    @Override
    public String toString() {
      return label + number;
    }
  }
}
