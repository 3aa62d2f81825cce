package dev.pylayer.pep;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A PEP 508 environment marker such as {@code python_version >= "3.8" and sys_platform ==
 * "linux"}, parsed and evaluated with pypa/packaging 26.x semantics.
 *
 * <p>Evaluation: markers that hold versions ({@code python_version}, {@code python_full_version},
 * {@code implementation_version}, {@code platform_release}) compare as PEP 440 versions when the
 * comparison forms a valid version specifier; everything else compares as strings, where {@code
 * <} and {@code >} are always false, {@code <=} and {@code >=} mean equal, and {@code ~=} or
 * {@code ===} throw {@link UndefinedComparisonException}. {@code in} and {@code not in} test
 * substrings (or membership in {@code extras}/{@code dependency_groups}). Extra and group names
 * are compared PEP 503-normalized.
 *
 * <p>Two deliberate differences from packaging, both for markers it evaluates wrongly:
 *
 * <ul>
 *   <li>Comparing two literals ({@code "b" > "a"}) is rejected by {@link #parse}: packaging looks
 *       the right-hand string up as an environment name.
 *   <li>Comparing two markers ({@code os_name == sys_platform}) compares their two values, as PEP
 *       508 defines; packaging compares the left value with the right marker's name.
 * </ul>
 *
 * <p>{@link #toString()} is the normalized form: single spaces, double quotes, canonical names.
 */
public final class Marker {

  private final MarkerTree.Node root;
  private final String normalized;

  private Marker(MarkerTree.Node root) {
    this.root = root;
    StringBuilder sb = new StringBuilder();
    root.format(sb, true);
    this.normalized = sb.toString();
  }

  /**
   * Parses a marker expression.
   *
   * @throws InvalidMarkerException naming the input, the problem and its position
   */
  public static Marker parse(String marker) {
    Objects.requireNonNull(marker, "marker");
    try {
      return new Marker(DependencyParser.parseMarker(marker));
    } catch (DependencySyntaxError e) {
      throw new InvalidMarkerException(
          marker, e.spanStart, "'" + marker + "' is not a valid environment marker: " + e.describe());
    }
  }

  static Marker of(MarkerTree.Node root) {
    return new Marker(root);
  }

  /** Whether the marker holds in {@code env}, evaluated as core metadata ({@code extra} defaults to ""). */
  public boolean evaluate(MarkerEnvironment env) {
    return evaluate(env, MarkerContext.METADATA);
  }

  /**
   * Whether the marker holds in {@code env} in the given context.
   *
   * @throws UndefinedComparisonException for a comparison with no defined result
   * @throws UndefinedEnvironmentNameException for a name {@code env} does not define
   */
  public boolean evaluate(MarkerEnvironment env, MarkerContext context) {
    return new MarkerEvaluator(env, context, null).evaluate(root);
  }

  /**
   * Whether a {@code Requires-Dist} marker holds when the given extras were requested: with no
   * extras it is evaluated once with {@code extra == ""}, otherwise once per extra, and it holds
   * if any evaluation does (what pip does).
   */
  public boolean evaluate(MarkerEnvironment env, Set<String> extras) {
    if (extras.isEmpty()) {
      return new MarkerEvaluator(env, MarkerContext.METADATA, "").evaluate(root);
    }
    boolean any = false;
    for (String extra : extras) {
      any |= new MarkerEvaluator(env, MarkerContext.METADATA, PackageName.normalize(extra)).evaluate(root);
    }
    return any;
  }

  /** {@code (this) and (other)}. */
  public Marker and(Marker other) {
    return new Marker(new MarkerTree.Group(List.of(root, other.root), List.of("and")));
  }

  /** {@code (this) or (other)}. */
  public Marker or(Marker other) {
    return new Marker(new MarkerTree.Group(List.of(root, other.root), List.of("or")));
  }

  MarkerTree.Node root() {
    return root;
  }

  /** Equal when the normalized forms are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Marker && ((Marker) o).normalized.equals(normalized);
  }

  @Override
  public int hashCode() {
    return normalized.hashCode();
  }

  /** The normalized form, e.g. {@code python_version >= "3.8" and extra == "socks"}. */
  @Override
  public String toString() {
    return normalized;
  }
}
