package dev.pylayer.optimize;

import java.util.Locale;

/**
 * How hard a build works on size and cold start; {@link #BALANCED} is the default.
 *
 * <ul>
 *   <li>{@link #NONE}: the plain build: stdlib stripping, bytecode in {@code __pycache__} beside
 *       the sources, nothing else.
 *   <li>{@link #BALANCED}: plus the pruning rules of level {@code balanced} (tests, docs, stubs, C
 *       sources, build leftovers, dist-info trimming with licences gathered under {@code
 *       python/licenses/}, LiteLLM's proxy UI and bundled tests), symbols and debug sections
 *       stripped from every ELF file, the import tracer dropping whole distributions the smoke
 *       code never imports (keep-list in the rules), and sourceless bytecode for the standard
 *       library and the packages (a legacy {@code .pyc} in place of each {@code .py}; tracebacks
 *       keep file names and line numbers, not the source lines), and the zip layout unless one
 *       is set: pure-Python packages in {@code site-packages.zip}, a third of the files, so the
 *       layer unpacks faster. Measured on LiteLLM 1.45.0: keeping sources costs 8 MB zipped and
 *       keeping untraced distributions 9 MB, either of which breaks the seed's 30 MB budget.
 *       It also gives packages that only re-export their submodules' names (generated
 *       SDKs such as openai's) an {@code __init__} that imports each submodule on first use.
 *   <li>{@link #SIZE}: plus the rules of level {@code size} (unused standard library parts, LiteLLM
 *       data few users need) and bytecode compiled as {@code python -OO} would (no docstrings, no
 *       asserts).
 * </ul>
 *
 * <p>What a level means lives here, in the methods below; the pipeline asks them instead of
 * comparing levels itself.
 */
public enum OptimizeLevel {
  NONE,
  BALANCED,
  SIZE;

  /** Parses {@code none}, {@code balanced} or {@code size} (any case). */
  public static OptimizeLevel parse(String text) {
    for (OptimizeLevel level : values()) {
      if (level.name().equalsIgnoreCase(text.strip())) {
        return level;
      }
    }
    throw new IllegalArgumentException("optimize level '" + text
        + "' is not one of none, balanced, size");
  }

  /** Whether this level includes everything {@code other} does. */
  public boolean atLeast(OptimizeLevel other) {
    return compareTo(other) >= 0;
  }

  /** Whether the pruning rules run (those of this level and below). */
  public boolean prunes() {
    return this != NONE;
  }

  /** Whether symbols and debug sections are stripped from the layer's ELF files. */
  public boolean stripsNative() {
    return this != NONE;
  }

  /** Whether the import tracer drops distributions the smoke code never uses. */
  public boolean dropsUnused() {
    return atLeast(BALANCED);
  }

  /** Whether the zip layout is the default (a layout set in the spec wins). */
  public boolean zipLayoutByDefault() {
    return atLeast(BALANCED);
  }

  /** The scopes compiled sourceless by default (a {@code --sourceless} setting wins). */
  public java.util.Set<CodeScope> sourcelessByDefault() {
    return this == NONE ? java.util.Set.of() : java.util.Set.of(CodeScope.STDLIB, CodeScope.PACKAGES);
  }

  /**
   * Whether packages that only re-export names of their submodules import them on first use.
   * Measured on litellm 1.45.0 with openai 3.22.1: {@code import litellm} loads 212 openai modules
   * instead of 1,007 and takes 1.9 s instead of 3.5 s (median of 6).
   */
  public boolean lazyReexportsByDefault() {
    return atLeast(BALANCED);
  }

  /** The optimization level of sourceless bytecode: 2 ({@code -OO}) at size, else 0. */
  public int bytecodeOptimization() {
    return atLeast(SIZE) ? 2 : 0;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
