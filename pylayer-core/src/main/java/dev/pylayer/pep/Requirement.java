package dev.pylayer.pep;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 508 dependency specifier such as {@code requests[socks]>=2.8.1,==2.8.*; python_version <
 * "2.7"} or {@code pip @ https://github.com/pypa/pip/archive/1.3.1.zip}, parsed as pypa/packaging
 * 26.x does.
 *
 * <p>{@link #toString()} is packaging's normalized form: the name and extras as written (extras
 * sorted), the normalized specifier set, {@code " @ url"}, and {@code "; marker"}.
 */
public final class Requirement {

  private static final Pattern SINGLE_EQUALS =
      Pattern.compile("[ \\t]*([A-Za-z0-9][A-Za-z0-9._-]*)[ \\t]*=[ \\t]*([0-9][^=]*)");

  private final String rawName;
  private final PackageName name;
  private final Set<String> rawExtras;
  private final Set<String> extras;
  private final SpecifierSet specifier;
  private final String url;
  private final Marker marker;

  private Requirement(
      String rawName,
      PackageName name,
      Set<String> rawExtras,
      SpecifierSet specifier,
      String url,
      Marker marker) {
    this.rawName = rawName;
    this.name = name;
    this.rawExtras = rawExtras;
    TreeSet<String> normalized = new TreeSet<>();
    for (String e : rawExtras) {
      normalized.add(PackageName.normalize(e));
    }
    this.extras = Collections.unmodifiableSet(normalized);
    this.specifier = specifier;
    this.url = url;
    this.marker = marker;
  }

  /**
   * Parses a dependency specifier.
   *
   * @throws InvalidRequirementException naming the input, the problem and its position
   */
  public static Requirement parse(String requirement) {
    Objects.requireNonNull(requirement, "requirement");
    DependencyParser.ParsedRequirement parsed;
    try {
      parsed = DependencyParser.parseRequirement(requirement);
    } catch (DependencySyntaxError e) {
      throw new InvalidRequirementException(
          requirement,
          e.spanStart,
          "'" + requirement + "' is not a valid requirement" + hint(requirement) + ": " + e.describe());
    }
    PackageName name;
    try {
      name = PackageName.of(parsed.name);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequirementException(
          requirement, 0, "'" + requirement + "' is not a valid requirement: " + e.getMessage());
    }
    SpecifierSet specifier;
    try {
      specifier = SpecifierSet.parse(parsed.specifier);
    } catch (InvalidSpecifierException e) {
      int at = Math.max(0, requirement.indexOf(parsed.specifier.isEmpty() ? "" : firstClause(parsed.specifier)));
      throw new InvalidRequirementException(
          requirement, at, "'" + requirement + "' is not a valid requirement: " + e.getMessage());
    }
    // Python sorts str by code point; extras are ASCII identifiers, so String order is the same.
    Set<String> rawExtras = Collections.unmodifiableSet(new TreeSet<>(parsed.extras));
    return new Requirement(
        parsed.name,
        name,
        rawExtras,
        specifier,
        parsed.url,
        parsed.marker == null ? null : Marker.of(parsed.marker));
  }

  private static String firstClause(String specifier) {
    int comma = specifier.indexOf(',');
    return comma < 0 ? specifier : specifier.substring(0, comma);
  }

  /** Suggests the fix for the most common mistake, {@code foo=1.0}. */
  private static String hint(String requirement) {
    Matcher m = SINGLE_EQUALS.matcher(requirement);
    if (m.matches()) {
      return " (did you mean '" + m.group(1) + "==" + m.group(2).trim() + "'?)";
    }
    return "";
  }

  /** The project name, normalized. */
  public PackageName name() {
    return name;
  }

  /** The project name as written. */
  public String rawName() {
    return rawName;
  }

  /** The requested extras, PEP 503-normalized and sorted. */
  public Set<String> extras() {
    return extras;
  }

  /** The requested extras as written, sorted. */
  public Set<String> rawExtras() {
    return rawExtras;
  }

  /** The version specifiers; empty when none (or when a URL is given). */
  public SpecifierSet specifier() {
    return specifier;
  }

  /** The direct reference after {@code @}, if any. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /** The environment marker after {@code ;}, if any. */
  public Optional<Marker> marker() {
    return Optional.ofNullable(marker);
  }

  /**
   * Equal when names and extras agree after normalization and specifier, URL and marker agree
   * (packaging 26.3's definition).
   */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Requirement)) {
      return false;
    }
    Requirement r = (Requirement) o;
    return name.equals(r.name)
        && extras.equals(r.extras)
        && specifier.equals(r.specifier)
        && Objects.equals(url, r.url)
        && Objects.equals(marker, r.marker);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, extras, specifier, url, marker);
  }

  /** The normalized form, e.g. {@code requests[security,socks]<3,>=2.8; python_version < "3"}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(rawName);
    if (!rawExtras.isEmpty()) {
      sb.append('[').append(String.join(",", rawExtras)).append(']');
    }
    if (!specifier.isEmpty()) {
      sb.append(specifier);
    }
    if (url != null) {
      sb.append(" @ ").append(url);
      if (marker != null) {
        sb.append(' ');
      }
    }
    if (marker != null) {
      sb.append("; ").append(marker);
    }
    return sb.toString();
  }
}
