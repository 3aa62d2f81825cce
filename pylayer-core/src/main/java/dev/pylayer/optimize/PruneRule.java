package dev.pylayer.optimize;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One pruning rule: glob patterns relative to {@code site-packages} or, with {@link
 * CodeScope#STDLIB}, to the standard library's {@code lib/python3.X} (site-packages excluded); JDK
 * glob syntax, a matched directory goes whole. Also exceptions, and the lowest {@link
 * OptimizeLevel} that applies it.
 */
public final class PruneRule {

  private final String name;
  private final String reason;
  private final OptimizeLevel level;
  private final CodeScope scope;
  private final List<String> paths;
  private final List<String> exceptions;
  private final List<PathMatcher> include;
  private final List<PathMatcher> exclude;

  private PruneRule(String name, String reason, OptimizeLevel level, CodeScope scope,
      List<String> paths, List<String> exceptions) {
    this.scope = Objects.requireNonNull(scope, "scope");
    this.name = Objects.requireNonNull(name, "name");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.level = Objects.requireNonNull(level, "level");
    if (level == OptimizeLevel.NONE) {
      throw new IllegalArgumentException("prune rule '" + name + "': level must be balanced or"
          + " size (a rule of level none would apply even when optimizing is off)");
    }
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("prune rule '" + name + "' has no paths");
    }
    this.paths = List.copyOf(paths);
    this.exceptions = List.copyOf(exceptions);
    this.include = matchers(name, paths);
    this.exclude = matchers(name, exceptions);
  }

  /** A rule; {@code paths} and {@code exceptions} are globs relative to site-packages. */
  public static PruneRule of(String name, String reason, OptimizeLevel level, List<String> paths,
      List<String> exceptions) {
    return new PruneRule(name, reason, level, CodeScope.PACKAGES, paths, exceptions);
  }

  /** This rule with its paths relative to {@code scope}'s tree. */
  public PruneRule inScope(CodeScope scope) {
    return new PruneRule(name, reason, level, scope, paths, exceptions);
  }

  private static List<PathMatcher> matchers(String name, List<String> patterns) {
    List<PathMatcher> matchers = new ArrayList<>();
    for (String pattern : patterns) {
      if (pattern.startsWith("/") || pattern.contains("..")) {
        throw new IllegalArgumentException("prune rule '" + name + "': '" + pattern
            + "' must be relative to site-packages, without '..'");
      }
      try {
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("prune rule '" + name + "': '" + pattern
            + "' is not a valid glob pattern: " + e.getMessage(), e);
      }
    }
    return matchers;
  }

  public String name() {
    return name;
  }

  public String reason() {
    return reason;
  }

  public OptimizeLevel level() {
    return level;
  }

  public CodeScope scope() {
    return scope;
  }

  public List<String> paths() {
    return paths;
  }

  public List<String> exceptions() {
    return exceptions;
  }

  /** Whether {@code relative} (a path relative to site-packages) falls under this rule. */
  public boolean matches(Path relative) {
    for (PathMatcher e : exclude) {
      if (e.matches(relative)) {
        return false;
      }
    }
    for (PathMatcher i : include) {
      if (i.matches(relative)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return name + " (" + level + ", " + scope.name().toLowerCase(java.util.Locale.ROOT) + ") "
        + paths
        + (exceptions.isEmpty() ? "" : " except " + exceptions);
  }
}
