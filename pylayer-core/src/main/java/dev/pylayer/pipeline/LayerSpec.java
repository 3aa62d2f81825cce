package dev.pylayer.pipeline;

import dev.pylayer.index.IndexSettings;
import dev.pylayer.optimize.CodeScope;
import dev.pylayer.optimize.OptimizeLevel;
import java.util.EnumSet;
import java.util.Set;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.verify.SmokeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a layer build needs to know, from {@code pylayer.toml} and the command line. The
 * defaults reproduce the seed: a LiteLLM 1.45.0 layer for Python 3.11 on arm64, consumed by a
 * {@code java21} function, at most 30 MB zipped, smoke-tested with a mock completion. Immutable;
 * {@link #toBuilder()} derives variants.
 */
public final class LayerSpec {

  /** The seed's top-level requirement. */
  public static final List<String> DEFAULT_REQUIREMENTS = List.of("litellm==1.45.0");

  /**
   * The seed's pins. They are not a complete closure of litellm (FACTS.md), so they constrain
   * versions of packages that are needed anyway instead of being installed as requirements.
   */
  public static final List<String> DEFAULT_CONSTRAINTS =
      List.of(
          "httpx==0.27.2",
          "pydantic==2.9.2",
          "pydantic-core==2.23.4",
          "typing-extensions==4.12.2",
          "anyio==4.4.0",
          "sniffio==1.3.1",
          "idna==3.7",
          "certifi==2024.8.30",
          "h11==0.14.0");

  /** The seed's budget: 30 MB (decimal, as its CI check `-gt 30000000`) compressed. */
  public static final long DEFAULT_MAX_ZIP_BYTES = 30_000_000L;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  private final String name;
  private final String pythonVersion;
  private final List<Arch> arches;
  private final String lambdaRuntime;
  private final List<String> requirements;
  private final List<String> constraints;
  private final Path requirementsFile;
  private final boolean noDeps;
  private final Path lockFile;
  private final IndexSettings index;
  private final String pythonArchive;
  private final String pythonSha256;
  private final String compileArchive;
  private final String compileSha256;
  private final Layout layout;
  private final long maxZipBytes;
  private final int compressionLevel;
  private final SmokeSpec smoke;
  private final Path outDir;
  private final OptimizeLevel optimize;
  private final List<Path> pruneRuleFiles;
  private final List<String> disabledPruneRules;
  private final List<String> keepDistributions;
  private final List<String> providers;
  private final Set<CodeScope> sourceless;
  private final Boolean lazyReexports;
  private final SupplyChainOptions supplyChain;

  private LayerSpec(Builder b) {
    // Every path from the user is made absolute and normalized once, here: later steps compare
    // paths derived from these (startsWith, relativize), and "out/./x" or "a/../b" would not
    // match the normalized paths of installed files.
    this.name = b.name;
    this.pythonVersion = b.pythonVersion;
    this.arches = List.copyOf(new LinkedHashSet<>(b.arches));
    this.lambdaRuntime = b.lambdaRuntime;
    this.requirements = List.copyOf(b.requirements);
    this.constraints = List.copyOf(b.constraints);
    this.requirementsFile =
        b.requirementsFile == null ? null : UserPaths.absolute(b.requirementsFile);
    this.noDeps = b.noDeps;
    this.lockFile = UserPaths.absolute(b.lockFile);
    this.index = b.index;
    this.pythonArchive = UserPaths.absoluteUnlessUrl(b.pythonArchive);
    this.pythonSha256 = b.pythonSha256 == null ? null : b.pythonSha256.toLowerCase();
    this.compileArchive = UserPaths.absoluteUnlessUrl(b.compileArchive);
    this.compileSha256 = b.compileSha256 == null ? null : b.compileSha256.toLowerCase();
    this.layout = b.layout;
    this.maxZipBytes = b.maxZipBytes;
    this.compressionLevel = b.compressionLevel;
    this.smoke = b.smoke;
    this.outDir = UserPaths.absolute(b.outDir);
    this.optimize = b.optimize;
    this.pruneRuleFiles = b.pruneRuleFiles.stream().map(UserPaths::absolute).toList();
    this.disabledPruneRules = List.copyOf(b.disabledPruneRules);
    this.keepDistributions = List.copyOf(b.keepDistributions);
    this.providers = List.copyOf(b.providers);
    this.sourceless = b.sourceless == null ? null : Set.copyOf(b.sourceless);
    this.lazyReexports = b.lazyReexports;
    this.supplyChain = b.supplyChain;
  }

  /** The seed's layer, with outputs and the lock file relative to {@code baseDir}. */
  public static Builder builder(Path baseDir) {
    return new Builder(baseDir);
  }

  public Builder toBuilder() {
    Builder b = new Builder(outDir);
    b.name = name;
    b.pythonVersion = pythonVersion;
    b.arches = new ArrayList<>(arches);
    b.lambdaRuntime = lambdaRuntime;
    b.requirements = new ArrayList<>(requirements);
    b.constraints = new ArrayList<>(constraints);
    b.requirementsFile = requirementsFile;
    b.noDeps = noDeps;
    b.lockFile = lockFile;
    b.index = index;
    b.pythonArchive = pythonArchive;
    b.pythonSha256 = pythonSha256;
    b.compileArchive = compileArchive;
    b.compileSha256 = compileSha256;
    b.layout = layout;
    b.maxZipBytes = maxZipBytes;
    b.compressionLevel = compressionLevel;
    b.smoke = smoke;
    b.optimize = optimize;
    b.pruneRuleFiles = new ArrayList<>(pruneRuleFiles);
    b.disabledPruneRules = new ArrayList<>(disabledPruneRules);
    b.keepDistributions = new ArrayList<>(keepDistributions);
    b.providers = new ArrayList<>(providers);
    b.sourceless = sourceless;
    b.lazyReexports = lazyReexports;
    b.supplyChain = supplyChain;
    return b;
  }

  /** Unpack limits, start-up code audit and ELF settings. */
  public SupplyChainOptions supplyChain() {
    return supplyChain;
  }

  /** The layer's name: {@code python-<name>-<arch>.zip}. */
  public String name() {
    return name;
  }

  /** The Python minor version, e.g. {@code 3.11}. */
  public String pythonVersion() {
    return pythonVersion;
  }

  /** The architectures to build, one layer each, in the order given. */
  public List<Arch> arches() {
    return arches;
  }

  /** The consuming function's Lambda runtime (e.g. {@code java21}); it sets the glibc ceiling. */
  public String lambdaRuntime() {
    return lambdaRuntime;
  }

  /** The target environment of each architecture, in {@link #arches()} order. */
  public List<TargetEnvironment> targets() {
    List<TargetEnvironment> targets = new ArrayList<>();
    for (Arch arch : arches) {
      targets.add(TargetEnvironment.lambda(pythonVersion, arch, lambdaRuntime));
    }
    return targets;
  }

  /** Top-level requirements (PEP 508), resolved by {@code pylayer lock}. */
  public List<String> requirements() {
    return requirements;
  }

  /** Constraints (PEP 508): they limit versions of packages needed anyway, never add packages. */
  public List<String> constraints() {
    return constraints;
  }

  /**
   * A pinned requirements file in pip's format: when given, it is installed as it is (no
   * resolution), and every dependency must be pinned in it.
   */
  public Optional<Path> requirementsFile() {
    return Optional.ofNullable(requirementsFile);
  }

  /**
   * Whether the requirements file is installed as it is, without its dependencies (pip's {@code
   * --no-deps}): every package must then be pinned in it. Without it, a requirements file lists
   * top-level requirements whose dependencies are resolved through the lock, unless it is a
   * complete hash-pinned set (every line {@code name==version --hash=...}, pip's {@code
   * --require-hashes} shape).
   */
  public boolean noDeps() {
    return noDeps;
  }

  /** The lock file {@code pylayer lock} writes and {@code pylayer build} installs from. */
  public Path lockFile() {
    return lockFile;
  }

  /** Index options given in the spec or on the command line; pip's configuration fills the rest. */
  public IndexSettings index() {
    return index;
  }

  /** A python-build-standalone archive (path or URL) instead of the catalog's build. */
  public Optional<String> pythonArchive() {
    return Optional.ofNullable(pythonArchive);
  }

  /** The sha256 of {@link #pythonArchive()}, lower case. */
  public Optional<String> pythonSha256() {
    return Optional.ofNullable(pythonSha256);
  }

  /**
   * A python-build-standalone archive (path or URL) for this machine, of the layer's Python
   * version, to byte-compile with when the layer's own interpreter cannot run here (an arm64
   * layer built on x86_64 without qemu, offline): pylayer otherwise downloads the catalog's.
   */
  public Optional<String> compilePythonArchive() {
    return Optional.ofNullable(compileArchive);
  }

  /** The sha256 of {@link #compilePythonArchive()}, lower case. */
  public Optional<String> compilePythonSha256() {
    return Optional.ofNullable(compileSha256);
  }

  /**
   * The layout as set, else by the level: {@link Layout#ZIP} at balanced and size (measured: a
   * third of the files, so the layer unpacks about twice as fast, which outweighs the slower
   * imports from the zip: bench/README-layer.md), {@link Layout#DIR} at none (issue-free
   * imports, the layout of an unoptimized layer).
   */
  public Layout layout() {
    if (layout != null) {
      return layout;
    }
    return optimize.zipLayoutByDefault() ? Layout.ZIP : Layout.DIR;
  }

  /** The compressed size budget in bytes; a bigger layer fails the build. */
  public long maxZipBytes() {
    return maxZipBytes;
  }

  /** DEFLATE level of the layer zip, 0 (store) to 9 (smallest, default). */
  public int compressionLevel() {
    return compressionLevel;
  }

  public SmokeSpec smoke() {
    return smoke;
  }

  /** How hard the build works on size and cold start (see {@link OptimizeLevel}). */
  public OptimizeLevel optimize() {
    return optimize;
  }

  /** The user's pruning rules files, applied after pylayer's own. */
  public List<Path> pruneRuleFiles() {
    return pruneRuleFiles;
  }

  /** Names of pruning rules switched off ({@code all} switches every rule off). */
  public List<String> disabledPruneRules() {
    return disabledPruneRules;
  }

  /** Distributions the import tracer never drops, besides the rules files' keep-lists. */
  public List<String> keepDistributions() {
    return keepDistributions;
  }

  /**
   * LiteLLM providers the layer keeps ({@code [packages] providers}, {@code --provider}); the
   * others are pruned where safe (dev.pylayer.optimize.ProviderPruner). Default: OpenAI only, as
   * the seed; {@code "all"} keeps every provider.
   */
  public List<String> providers() {
    return providers;
  }

  /**
   * The scopes whose sources are replaced by legacy {@code .pyc}: as set, else by the level
   * (none: neither; balanced and size: both).
   */
  public Set<CodeScope> sourceless() {
    if (sourceless != null) {
      return sourceless;
    }
    return optimize.sourcelessByDefault();
  }

  /**
   * Whether packages that only re-export their submodules' names import them on first use (see
   * {@link dev.pylayer.optimize.BytecodeCompiler.Builder#lazyReexportsUnder}): as set, else by the
   * level (balanced and size: yes).
   */
  public boolean lazyReexports() {
    return lazyReexports != null ? lazyReexports : optimize.lazyReexportsByDefault();
  }

  /** Where {@code layer-build-<arch>/} directories are written. */
  public Path outDir() {
    return outDir;
  }

  /** The output directory of one architecture: {@code <out>/layer-build-<arch>}, as the seed. */
  public Path outDir(Arch arch) {
    return outDir.resolve("layer-build-" + arch.lambdaName());
  }

  /** The layer zip's file name for one architecture: {@code python-<name>-<arch>.zip}. */
  public String zipName(Arch arch) {
    return "python-" + name + "-" + arch.lambdaName() + ".zip";
  }

  /** Builder with the seed's defaults; {@link #build()} validates every field. */
  public static final class Builder {
    private String name = "litellm";
    private String pythonVersion = "3.11";
    private List<Arch> arches = new ArrayList<>(List.of(Arch.ARM64));
    private String lambdaRuntime = "java21";
    private List<String> requirements = new ArrayList<>(DEFAULT_REQUIREMENTS);
    private List<String> constraints = new ArrayList<>(DEFAULT_CONSTRAINTS);
    private Path requirementsFile;
    private boolean noDeps;
    private Path lockFile;
    private IndexSettings index = IndexSettings.empty();
    private String pythonArchive;
    private String pythonSha256;
    private String compileArchive;
    private String compileSha256;
    private Layout layout;
    private long maxZipBytes = DEFAULT_MAX_ZIP_BYTES;
    private int compressionLevel = 9;
    private SmokeSpec smoke = SmokeSpec.defaults();
    private Path outDir;
    private OptimizeLevel optimize = OptimizeLevel.BALANCED;
    private List<Path> pruneRuleFiles = new ArrayList<>();
    private List<String> disabledPruneRules = new ArrayList<>();
    private List<String> keepDistributions = new ArrayList<>();
    private List<String> providers = new ArrayList<>(List.of("openai"));
    private Set<CodeScope> sourceless;
    private Boolean lazyReexports;
    private SupplyChainOptions supplyChain = SupplyChainOptions.DEFAULTS;

    private Builder(Path baseDir) {
      this.outDir = Objects.requireNonNull(baseDir, "baseDir");
      this.lockFile = baseDir.resolve("pylock.toml");
    }

    /** The supply-chain options set so far (the spec file's, before overrides apply). */
    SupplyChainOptions supplyChainOptions() {
      return supplyChain;
    }

    public Builder supplyChain(SupplyChainOptions value) {
      this.supplyChain = Objects.requireNonNull(value, "supplyChain");
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder pythonVersion(String value) {
      this.pythonVersion = value;
      return this;
    }

    public Builder arches(List<Arch> value) {
      this.arches = new ArrayList<>(value);
      return this;
    }

    public Builder lambdaRuntime(String value) {
      this.lambdaRuntime = value;
      return this;
    }

    public Builder requirements(List<String> value) {
      this.requirements = new ArrayList<>(value);
      return this;
    }

    public Builder constraints(List<String> value) {
      this.constraints = new ArrayList<>(value);
      return this;
    }

    public Builder requirementsFile(Path value) {
      this.requirementsFile = value;
      return this;
    }

    /** Install the requirements file as it is, without dependencies (pip's --no-deps). */
    public Builder noDeps(boolean value) {
      this.noDeps = value;
      return this;
    }

    public Builder lockFile(Path value) {
      this.lockFile = Objects.requireNonNull(value, "lockFile");
      return this;
    }

    public Builder index(IndexSettings value) {
      this.index = Objects.requireNonNull(value, "index");
      return this;
    }

    /** Index settings given here win over {@code value}'s, field by field. */
    public Builder indexOverride(IndexSettings value) {
      this.index = value.overriding(index);
      return this;
    }

    public Builder pythonArchive(String archive, String sha256) {
      this.pythonArchive = archive;
      this.pythonSha256 = sha256;
      return this;
    }

    /** The interpreter for byte-compiling, when the layer's own cannot run here. */
    public Builder compilePythonArchive(String archive, String sha256) {
      this.compileArchive = archive;
      this.compileSha256 = sha256;
      return this;
    }

    public Builder layout(Layout value) {
      this.layout = Objects.requireNonNull(value, "layout");
      return this;
    }

    public Builder maxZipBytes(long value) {
      this.maxZipBytes = value;
      return this;
    }

    /** The budget in decimal megabytes (1 MB = 1,000,000 bytes, as the seed's check). */
    public Builder maxSizeMb(double megabytes) {
      return maxZipBytes(Math.round(megabytes * 1_000_000d));
    }

    public Builder compressionLevel(int value) {
      this.compressionLevel = value;
      return this;
    }

    public Builder smoke(SmokeSpec value) {
      this.smoke = Objects.requireNonNull(value, "smoke");
      return this;
    }

    public Builder outDir(Path value) {
      this.outDir = Objects.requireNonNull(value, "outDir");
      return this;
    }

    public Builder optimize(OptimizeLevel value) {
      this.optimize = Objects.requireNonNull(value, "optimize");
      return this;
    }

    public Builder pruneRuleFiles(List<Path> value) {
      this.pruneRuleFiles = new ArrayList<>(value);
      return this;
    }

    public Builder disabledPruneRules(List<String> value) {
      this.disabledPruneRules = new ArrayList<>(value);
      return this;
    }

    /** Scopes compiled sourceless, overriding the level's choice; empty keeps every source. */
    public Builder sourceless(Set<CodeScope> value) {
      this.sourceless = value == null ? null
          : value.isEmpty() ? EnumSet.noneOf(CodeScope.class) : EnumSet.copyOf(value);
      return this;
    }

    /** Lazy re-exports on or off, overriding the level's choice; null: the level's. */
    public Builder lazyReexports(Boolean value) {
      this.lazyReexports = value;
      return this;
    }

    public Builder keepDistributions(List<String> value) {
      this.keepDistributions = new ArrayList<>(value);
      return this;
    }

    /** Appends pruning rules files to those already set (the spec file's come first). */
    public Builder addPruneRuleFiles(List<Path> value) {
      this.pruneRuleFiles.addAll(value);
      return this;
    }

    /** Appends rule names to those already switched off. */
    public Builder addDisabledPruneRules(List<String> value) {
      this.disabledPruneRules.addAll(value);
      return this;
    }

    /** Appends distributions to the import tracer's keep-list. */
    public Builder addKeepDistributions(List<String> value) {
      this.keepDistributions.addAll(value);
      return this;
    }

    /** Replaces the smoke test's code, keeping its environment and whether it runs. */
    public Builder smokeCode(String code) {
      this.smoke = smoke.withCode(Objects.requireNonNull(code, "code"));
      return this;
    }

    /** Switches the smoke test on or off, keeping its code and environment. */
    public Builder smokeEnabled(boolean enabled) {
      this.smoke = smoke.withEnabled(enabled);
      return this;
    }

    public Builder providers(List<String> value) {
      this.providers = new ArrayList<>(value);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws SpecException naming the field, the bad value and what to use instead
     */
    public LayerSpec build() {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new SpecException("name '" + name + "' cannot be part of a file name: use letters,"
            + " digits, '.', '_' and '-' (at most 64 characters)");
      }
      if (arches.isEmpty()) {
        throw new SpecException("no architecture given: use arm64 and/or x86_64");
      }
      try {
        for (Arch arch : arches) {
          TargetEnvironment.lambda(pythonVersion, arch, lambdaRuntime);
        }
      } catch (IllegalArgumentException e) {
        throw new SpecException(e.getMessage(), e);
      }
      if (!pythonVersion.matches("3\\.[0-9]{1,2}")) {
        throw new SpecException("python version '" + pythonVersion + "' must be a minor version"
            + " such as 3.11 (the patch version comes from the interpreter build)");
      }
      checkRequirements("requirement", requirements);
      checkRequirements("constraint", constraints);
      if (providers.isEmpty() || providers.stream().anyMatch(String::isBlank)) {
        throw new SpecException("providers " + providers + " must name at least one LiteLLM"
            + " provider (such as \"openai\"), or \"all\" to keep every provider");
      }
      if ((pythonArchive == null) != (pythonSha256 == null)) {
        throw new SpecException(pythonArchive == null
            ? "python sha256 is given without a python archive: give both, or neither to use the"
                + " catalog's build"
            : "python archive '" + pythonArchive + "' has no sha256: give its sha256 (downloads"
                + " are verified before use; `sha256sum FILE` prints it)");
      }
      if (pythonSha256 != null && !SHA256.matcher(pythonSha256).matches()) {
        throw new SpecException("python sha256 '" + pythonSha256 + "' is not 64 hex digits");
      }
      if ((compileArchive == null) != (compileSha256 == null)) {
        throw new SpecException(compileArchive == null
            ? "compile python sha256 is given without a compile python archive: give both"
            : "compile python archive '" + compileArchive + "' has no sha256: give its sha256"
                + " (--compile-python-sha256 or [interpreter] compile-sha256; `sha256sum FILE`"
                + " prints it)");
      }
      if (compileSha256 != null && !SHA256.matcher(compileSha256).matches()) {
        throw new SpecException("compile python sha256 '" + compileSha256
            + "' is not 64 hex digits");
      }
      if (compressionLevel < 0 || compressionLevel > 9) {
        throw new SpecException("compression level must be 0 to 9, got " + compressionLevel);
      }
      if (maxZipBytes <= 0) {
        throw new SpecException("max size must be positive, got " + maxZipBytes + " bytes");
      }
      return new LayerSpec(this);
    }

    private static void checkRequirements(String what, List<String> lines) {
      for (String line : lines) {
        try {
          Requirement requirement = Requirement.parse(line);
          if (requirement.url().isPresent()) {
            throw new SpecException(what + " '" + line + "' points at a URL: pylayer installs"
                + " wheels from indexes and find-links; put the wheel in a --find-links"
                + " directory and require it by name");
          }
        } catch (IllegalArgumentException e) {
          throw new SpecException(what + " '" + line + "' is not valid: " + e.getMessage(), e);
        }
      }
    }
  }
}
