package dev.pylayer.pep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values PEP 508 markers are evaluated against: the standard names ({@code python_version},
 * {@code sys_platform}, ...), optionally an {@code extra}, and for lock files the {@code extras}
 * and {@code dependency_groups} sets. Immutable; build one with {@link #builder()} or take {@link
 * TargetEnvironment#markerEnvironment()}. A name left unset makes markers that use it fail with
 * {@link UndefinedEnvironmentNameException}.
 */
public final class MarkerEnvironment {

  /** The standard marker names of PEP 508, in the order packaging lists them. */
  public static final List<String> STANDARD_NAMES =
      List.of(
          "implementation_name",
          "implementation_version",
          "os_name",
          "platform_machine",
          "platform_release",
          "platform_system",
          "platform_version",
          "python_full_version",
          "platform_python_implementation",
          "python_version",
          "sys_platform");

  private final Map<String, String> values;
  private final String extra; // as given; null when unset
  private final String normalizedExtra;
  private final Set<String> extras; // as given; null when unset
  private final Set<String> normalizedExtras;
  private final Set<String> dependencyGroups;
  private final Set<String> normalizedDependencyGroups;
  private final Map<String, Version> versions; // the version markers' values that parse

  private MarkerEnvironment(Builder b) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
    this.extra = b.extra;
    // The API of packaging treats an empty extra as "no extra" and normalizes the others.
    this.normalizedExtra = extra == null ? null : extra.isEmpty() ? "" : PackageName.normalize(extra);
    this.extras = b.extras;
    this.normalizedExtras = normalizeAll(extras);
    this.dependencyGroups = b.dependencyGroups;
    this.normalizedDependencyGroups = normalizeAll(dependencyGroups);
    // Parsed once here: markers compare these on every evaluation.
    Map<String, Version> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (MarkerEvaluator.isVersionMarker(e.getKey())) {
        Version v = VersionParser.tryParse(markerValue(e.getKey(), e.getValue()));
        if (v != null) {
          parsed.put(e.getKey(), v);
        }
      }
    }
    this.versions = parsed;
  }

  /**
   * The value markers see: untagged CPython builds report {@code python_full_version} as {@code
   * 3.13.0+}, which is not PEP 440, so packaging appends "local".
   */
  static String markerValue(String name, String value) {
    return name.equals("python_full_version") && value.endsWith("+") ? value + "local" : value;
  }

  /** The parsed value of a version marker, or null when unset or not a PEP 440 version. */
  Version versionValue(String name) {
    return versions.get(name);
  }

  private static Set<String> normalizeAll(Set<String> names) {
    if (names == null) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String n : names) {
      out.add(PackageName.normalize(n));
    }
    return Collections.unmodifiableSet(out);
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this environment's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    b.extra = extra;
    b.extras = extras;
    b.dependencyGroups = dependencyGroups;
    return b;
  }

  /** The value of a standard marker name, if set. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The standard names that are set, with their values. */
  public Map<String, String> values() {
    return values;
  }

  /** The {@code extra} marker value, if set. */
  public Optional<String> extra() {
    return Optional.ofNullable(extra);
  }

  /** The {@code extras} set (lock files), if set. */
  public Optional<Set<String>> extras() {
    return Optional.ofNullable(extras);
  }

  /** The {@code dependency_groups} set (lock files), if set. */
  public Optional<Set<String>> dependencyGroups() {
    return Optional.ofNullable(dependencyGroups);
  }

  /** A copy with {@code extra} set, e.g. to evaluate {@code Requires-Dist} for one extra. */
  public MarkerEnvironment withExtra(String extra) {
    return toBuilder().extra(extra).build();
  }

  String normalizedExtra() {
    return normalizedExtra;
  }

  Set<String> normalizedExtras() {
    return normalizedExtras;
  }

  Set<String> normalizedDependencyGroups() {
    return normalizedDependencyGroups;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MarkerEnvironment)) {
      return false;
    }
    MarkerEnvironment e = (MarkerEnvironment) o;
    return values.equals(e.values)
        && Objects.equals(extra, e.extra)
        && Objects.equals(extras, e.extras)
        && Objects.equals(dependencyGroups, e.dependencyGroups);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values, extra, extras, dependencyGroups);
  }

  @Override
  public String toString() {
    Map<String, Object> all = new LinkedHashMap<>(values);
    if (extra != null) {
      all.put("extra", extra);
    }
    if (extras != null) {
      all.put("extras", new TreeSet<>(extras));
    }
    if (dependencyGroups != null) {
      all.put("dependency_groups", new TreeSet<>(dependencyGroups));
    }
    return all.toString();
  }

  /** Builds a {@link MarkerEnvironment}; every name is optional. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();
    private String extra;
    private Set<String> extras;
    private Set<String> dependencyGroups;

    private Builder() {}

    /**
     * Sets a standard marker by name ({@code os.name}-style dotted aliases and {@code extra} are
     * accepted too).
     *
     * @throws IllegalArgumentException for a name PEP 508 does not define
     */
    public Builder put(String name, String value) {
      Objects.requireNonNull(value, "value");
      String key = name.replace('.', '_');
      if (key.equals("python_implementation")) {
        key = "platform_python_implementation";
      }
      if (key.equals("extra")) {
        return extra(value);
      }
      if (!STANDARD_NAMES.contains(key)) {
        throw new IllegalArgumentException(
            "'" + name + "' is not a PEP 508 marker name; use one of " + STANDARD_NAMES + " or extra");
      }
      values.put(key, value);
      return this;
    }

    /** Sets {@code python_version}. */
    public Builder pythonVersion(String v) {
      return put("python_version", v);
    }

    /** Sets {@code python_full_version}. */
    public Builder pythonFullVersion(String v) {
      return put("python_full_version", v);
    }

    /** Sets {@code os_name}. */
    public Builder osName(String v) {
      return put("os_name", v);
    }

    /** Sets {@code sys_platform}. */
    public Builder sysPlatform(String v) {
      return put("sys_platform", v);
    }

    /** Sets {@code platform_machine}. */
    public Builder platformMachine(String v) {
      return put("platform_machine", v);
    }

    /** Sets {@code platform_system}. */
    public Builder platformSystem(String v) {
      return put("platform_system", v);
    }

    /** Sets {@code platform_release}. */
    public Builder platformRelease(String v) {
      return put("platform_release", v);
    }

    /** Sets {@code platform_version}. */
    public Builder platformVersion(String v) {
      return put("platform_version", v);
    }

    /** Sets {@code platform_python_implementation}. */
    public Builder platformPythonImplementation(String v) {
      return put("platform_python_implementation", v);
    }

    /** Sets {@code implementation_name}. */
    public Builder implementationName(String v) {
      return put("implementation_name", v);
    }

    /** Sets {@code implementation_version}. */
    public Builder implementationVersion(String v) {
      return put("implementation_version", v);
    }

    /** The {@code extra} being evaluated; null unsets it. */
    public Builder extra(String extra) {
      this.extra = extra;
      return this;
    }

    /** The {@code extras} set of a lock file; null unsets it. */
    public Builder extras(Set<String> extras) {
      this.extras = extras == null ? null : Set.copyOf(extras);
      return this;
    }

    /** The {@code dependency_groups} set of a lock file; null unsets it. */
    public Builder dependencyGroups(Set<String> groups) {
      this.dependencyGroups = groups == null ? null : Set.copyOf(groups);
      return this;
    }

    /** The immutable environment. */
    public MarkerEnvironment build() {
      return new MarkerEnvironment(this);
    }
  }
}
