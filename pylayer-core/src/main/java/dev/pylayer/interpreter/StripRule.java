package dev.pylayer.interpreter;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One named reason to delete part of an interpreter tree, as data: glob patterns relative to
 * {@code python/} (JDK glob syntax: {@code *} within a name, {@code **} across directories,
 * {@code {a,b}} alternatives), patterns that exempt paths from the rule, and why the removed files
 * are never needed in a Lambda layer. A pattern that matches a directory removes all of it.
 *
 * <p>Patterns may use {@code <py>} for {@code python3.X} and {@code <ver>} for {@code 3.X}, so one
 * rule serves every minor version.
 */
public final class StripRule {

  private final String name;
  private final String reason;
  private final List<String> patterns;
  private final List<String> exceptions;
  private final boolean keepIfNeededByInterpreter;

  private StripRule(String name, String reason, List<String> patterns, List<String> exceptions,
      boolean keepIfNeededByInterpreter) {
    this.name = name;
    this.reason = reason;
    this.patterns = List.copyOf(patterns);
    this.exceptions = List.copyOf(exceptions);
    this.keepIfNeededByInterpreter = keepIfNeededByInterpreter;
    compile("3.0"); // fail early on a malformed glob
  }

  /**
   * A rule removing everything that matches one of {@code patterns}.
   *
   * @throws IllegalArgumentException if a pattern is not a valid glob or there is none
   */
  public static StripRule of(String name, String reason, String... patterns) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
    if (patterns.length == 0) {
      throw new IllegalArgumentException("strip rule '" + name + "' has no patterns");
    }
    return new StripRule(name, reason, Arrays.asList(patterns), List.of(), false);
  }

  /** This rule, sparing paths that match one of {@code exceptionPatterns}. */
  public StripRule except(String... exceptionPatterns) {
    List<String> all = new ArrayList<>(exceptions);
    all.addAll(Arrays.asList(exceptionPatterns));
    return new StripRule(name, reason, patterns, all, keepIfNeededByInterpreter);
  }

  /**
   * This rule, sparing shared libraries that {@code bin/python3.X} or another ELF file left in the
   * tree (an extension module, say) lists as {@code DT_NEEDED}, and the files those names link to.
   * Used for {@code libpython3.X.so.1.0}, which only interpreters linked against it (and
   * extension modules that wrongly link it) need.
   */
  public StripRule keepIfNeededByInterpreter() {
    return new StripRule(name, reason, patterns, exceptions, true);
  }

  /** The rule's name, used in reports and to switch rules off. */
  public String name() {
    return name;
  }

  /** Why the matched files can go. */
  public String reason() {
    return reason;
  }

  /** The glob patterns, relative to {@code python/}, placeholders unexpanded. */
  public List<String> patterns() {
    return patterns;
  }

  /** Patterns of paths this rule never removes. */
  public List<String> exceptions() {
    return exceptions;
  }

  /** Whether libraries needed by the interpreter binary are kept. */
  public boolean isKeepIfNeededByInterpreter() {
    return keepIfNeededByInterpreter;
  }

  /** This rule's matcher for one minor version, e.g. {@code 3.11}. */
  Compiled compile(String minorVersion) {
    FileSystem fs = FileSystems.getDefault();
    List<PathMatcher> include = new ArrayList<>();
    for (String pattern : patterns) {
      include.add(fs.getPathMatcher("glob:" + expand(pattern, minorVersion)));
    }
    List<PathMatcher> exclude = new ArrayList<>();
    for (String pattern : exceptions) {
      exclude.add(fs.getPathMatcher("glob:" + expand(pattern, minorVersion)));
    }
    return new Compiled(this, include, exclude);
  }

  private String expand(String pattern, String minorVersion) {
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("<py>", "python")
          .replace("<ver>", "3"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("strip rule '" + name + "': '" + pattern
          + "' is not a valid glob pattern: " + e.getMessage(), e);
    }
    return pattern.replace("<py>", "python" + minorVersion).replace("<ver>", minorVersion);
  }

  @Override
  public String toString() {
    return name + " " + patterns + (exceptions.isEmpty() ? "" : " except " + exceptions)
        + (keepIfNeededByInterpreter ? " (kept if NEEDED by the interpreter)" : "");
  }

  /** A rule bound to a version: answers whether a relative path falls under it. */
  static final class Compiled {
    final StripRule rule;
    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;

    Compiled(StripRule rule, List<PathMatcher> include, List<PathMatcher> exclude) {
      this.rule = rule;
      this.include = include;
      this.exclude = exclude;
    }

    boolean matches(Path relativeToHome) {
      for (PathMatcher matcher : exclude) {
        if (matcher.matches(relativeToHome)) {
          return false;
        }
      }
      for (PathMatcher matcher : include) {
        if (matcher.matches(relativeToHome)) {
          return true;
        }
      }
      return false;
    }
  }
}
