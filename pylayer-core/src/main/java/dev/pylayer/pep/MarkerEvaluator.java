package dev.pylayer.pep;

import java.util.Set;

/**
 * Evaluates a {@link MarkerTree} against an environment with packaging 26.x's rules: version
 * markers compare as PEP 440 versions when the comparison forms a valid specifier, everything
 * else compares as strings where only {@code ==}, {@code !=}, {@code in} and {@code not in} have
 * meaning ({@code <} and {@code >} are false, {@code <=} and {@code >=} mean equal, {@code ~=} and
 * {@code ===} are undefined). Every comparison is evaluated, so an undefined one fails the whole
 * marker even when the result would not depend on it, as in packaging.
 */
final class MarkerEvaluator {

  private final MarkerEnvironment env;
  private final MarkerContext context;
  private final String extraOverride; // normalized; null = take "extra" from env/context

  MarkerEvaluator(MarkerEnvironment env, MarkerContext context, String extraOverride) {
    this.env = env;
    this.context = context;
    this.extraOverride = extraOverride;
  }

  /** Markers whose values are versions (PEP 508), compared as such when possible. */
  static boolean isVersionMarker(String name) {
    switch (name) {
      case "implementation_version":
      case "platform_release":
      case "python_full_version":
      case "python_version":
        return true;
      default:
        return false;
    }
  }

  private static boolean isSetMarker(String name) {
    return name.equals("extras") || name.equals("dependency_groups");
  }

  boolean evaluate(MarkerTree.Node node) {
    if (node instanceof MarkerTree.Comparison) {
      return compare((MarkerTree.Comparison) node);
    }
    MarkerTree.Group group = (MarkerTree.Group) node;
    // "and" binds tighter than "or": the result is true when every atom of some and-run is true.
    boolean result = false;
    boolean run = true;
    for (int i = 0; i < group.atoms.size(); i++) {
      if (i > 0 && group.connectives.get(i - 1).equals("or")) {
        result |= run;
        run = true;
      }
      run &= evaluate(group.atoms.get(i)); // no short-circuit: evaluation errors must surface
    }
    return result | run;
  }

  private boolean compare(MarkerTree.Comparison c) {
    String key;
    Object lhsValue;
    Object rhsValue;
    if (c.lhs.variable) {
      key = c.lhs.text;
      lhsValue = lookup(key);
      // Two markers (os_name == sys_platform) compare their values, as PEP 508 defines.
      rhsValue = c.rhs.variable ? lookup(c.rhs.text) : c.rhs.text;
    } else {
      key = c.rhs.text;
      lhsValue = c.lhs.text;
      rhsValue = lookup(key);
    }
    if (!(lhsValue instanceof String)) {
      throw new UndefinedComparisonException(
          "set-valued marker '"
              + key
              + "' can only be used on the right of 'in' or 'not in' (e.g. '\"name\" in "
              + key
              + "'), not on the left of '"
              + c.op
              + "'");
    }
    String lhs = (String) lhsValue;
    if (isSetMarker(key)) {
      // PEP 685/735: extra and group names compare normalized (the set already is).
      lhs = PackageName.normalize(lhs);
      if (rhsValue instanceof String) {
        rhsValue = PackageName.normalize((String) rhsValue);
      }
    }
    if (isVersionMarker(key) && rhsValue instanceof String) {
      Specifier spec =
          c.literalSpecifier != null && c.lhs.variable
              ? c.literalSpecifier
              : Specifier.tryParse(c.op + rhsValue);
      if (spec != null) {
        if (c.lhs.variable && !spec.isArbitrary()) {
          Version parsed = env.versionValue(key); // parsed once per environment
          return parsed != null && spec.contains(parsed, Boolean.TRUE);
        }
        return spec.contains(lhs, Boolean.TRUE);
      }
    }
    switch (c.op) {
      case "in":
        return contains(rhsValue, lhs);
      case "not in":
        return !contains(rhsValue, lhs);
      case "<":
      case ">":
        return false;
      case "<=":
      case ">=":
      case "==":
        return lhs.equals(rhsValue);
      case "!=":
        return !lhs.equals(rhsValue);
      default:
        throw new UndefinedComparisonException(
            "'"
                + c.op
                + "' is undefined between '"
                + lhs
                + "' and '"
                + rhsValue
                + "': it needs PEP 440 versions on both sides, and '"
                + key
                + "' is not compared as a version here");
    }
  }

  private static boolean contains(Object container, String item) {
    if (container instanceof String) {
      return ((String) container).contains(item);
    }
    return ((Set<?>) container).contains(item);
  }

  /** The environment value of a marker: a String, or a normalized Set for extras/groups. */
  private Object lookup(String name) {
    switch (name) {
      case "extra":
        if (extraOverride != null) {
          return extraOverride;
        }
        if (env.normalizedExtra() != null) {
          return env.normalizedExtra();
        }
        if (context == MarkerContext.METADATA) {
          return "";
        }
        break;
      case "extras":
        if (env.normalizedExtras() != null) {
          return env.normalizedExtras();
        }
        if (context == MarkerContext.LOCK_FILE) {
          return Set.of();
        }
        break;
      case "dependency_groups":
        if (env.normalizedDependencyGroups() != null) {
          return env.normalizedDependencyGroups();
        }
        if (context == MarkerContext.LOCK_FILE) {
          return Set.of();
        }
        break;
      default:
        {
          String v = env.values().get(name);
          if (v != null) {
            return MarkerEnvironment.markerValue(name, v);
          }
        }
    }
    throw new UndefinedEnvironmentNameException(name, context);
  }
}
