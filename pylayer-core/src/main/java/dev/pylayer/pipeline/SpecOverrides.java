package dev.pylayer.pipeline;

import dev.pylayer.index.IndexSettings;
import dev.pylayer.optimize.CodeScope;
import dev.pylayer.optimize.OptimizeLevel;
import dev.pylayer.pep.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a front end (the CLI's flags, the Maven plugin's POM configuration) says on top of
 * {@code pylayer.toml}. Both fill this one value and call {@link #resolve(Path)}, so a setting
 * means the same wherever it is given: a scalar replaces the file's value; pruning rules files,
 * disabled rules and the keep-list are appended to the file's; index settings win field by field
 * over the file's, which win over pip's configuration. Values stay text until applied, so a bad
 * one fails with the same message whichever front end passed it. Relative paths are relative to
 * the base directory given to {@link #resolve(Path)} (the working directory, the project's
 * directory); paths inside the spec file stay relative to the file. Immutable.
 */
public final class SpecOverrides {

  private final Path specFile;
  private final String name;
  private final List<String> arches;
  private final String pythonVersion;
  private final String runtime;
  private final String pythonArchive;
  private final String pythonSha256;
  private final String compilePythonArchive;
  private final String compilePythonSha256;
  private final List<String> requirements;
  private final Boolean noDeps;
  private final Path requirementsFile;
  private final Path lockFile;
  private final String indexUrl;
  private final List<String> extraIndexUrls;
  private final List<String> findLinks;
  private final Boolean noIndex;
  private final Path outDir;
  private final Double maxSizeMb;
  private final String layout;
  private final String optimize;
  private final List<Path> pruneRuleFiles;
  private final List<String> disabledPruneRules;
  private final List<String> keepDistributions;
  private final List<String> providers;
  private final String sourceless;
  private final Boolean lazyReexports;
  private final String smokeCode;
  private final Boolean smokeEnabled;
  private final Double maxUnpackedMb;
  private final List<String> allowStartupCode;
  private final Boolean strict;

  private SpecOverrides(Builder b) {
    this.specFile = b.specFile;
    this.name = b.name;
    this.arches = copy(b.arches);
    this.pythonVersion = b.pythonVersion;
    this.runtime = b.runtime;
    this.pythonArchive = b.pythonArchive;
    this.pythonSha256 = b.pythonSha256;
    this.compilePythonArchive = b.compilePythonArchive;
    this.compilePythonSha256 = b.compilePythonSha256;
    this.requirements = copy(b.requirements);
    this.noDeps = b.noDeps;
    this.requirementsFile = b.requirementsFile;
    this.lockFile = b.lockFile;
    this.indexUrl = b.indexUrl;
    this.extraIndexUrls = copy(b.extraIndexUrls);
    this.findLinks = copy(b.findLinks);
    this.noIndex = b.noIndex;
    this.outDir = b.outDir;
    this.maxSizeMb = b.maxSizeMb;
    this.layout = b.layout;
    this.optimize = b.optimize;
    this.pruneRuleFiles = List.copyOf(b.pruneRuleFiles);
    this.disabledPruneRules = List.copyOf(b.disabledPruneRules);
    this.keepDistributions = List.copyOf(b.keepDistributions);
    this.providers = copy(b.providers);
    this.sourceless = b.sourceless;
    this.lazyReexports = b.lazyReexports;
    this.smokeCode = b.smokeCode;
    this.smokeEnabled = b.smokeEnabled;
    this.maxUnpackedMb = b.maxUnpackedMb;
    this.allowStartupCode = List.copyOf(b.allowStartupCode);
    this.strict = b.strict;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** No overrides: the spec file (or the defaults) as it is. */
  public static SpecOverrides none() {
    return builder().build();
  }

  /** The spec file given, if any. */
  public Optional<Path> specFile() {
    return Optional.ofNullable(specFile);
  }

  /**
   * The spec file this resolves against: the one given (relative to {@code baseDir}), else
   * {@code baseDir/pylayer.toml} when it exists, else none (the built-in defaults).
   */
  public Optional<Path> specFileIn(Path baseDir) {
    if (specFile != null) {
      return Optional.of(baseDir.resolve(specFile));
    }
    Path file = baseDir.resolve(SpecFile.DEFAULT_NAME);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * Reads the spec file (see {@link #specFileIn(Path)}) and applies these overrides.
   *
   * @throws SpecException (an {@link IllegalArgumentException}) for a bad file or a bad value,
   *     naming it
   */
  public LayerSpec.Builder toBuilder(Path baseDir) {
    Optional<Path> file = specFileIn(baseDir);
    LayerSpec.Builder b = file.isPresent() ? SpecFile.read(file.get())
        : LayerSpec.builder(baseDir);
    return applyTo(b, baseDir);
  }

  /** {@link #toBuilder(Path)}, validated. */
  public LayerSpec resolve(Path baseDir) {
    return toBuilder(baseDir).build();
  }

  /** Applies these overrides to {@code b} (a spec file's content or the defaults). */
  public LayerSpec.Builder applyTo(LayerSpec.Builder b, Path baseDir) {
    if (name != null) {
      b.name(name);
    }
    if (arches != null) {
      List<Arch> parsed = new ArrayList<>();
      for (String arch : arches) {
        parsed.add(Arch.parse(arch));
      }
      b.arches(parsed);
    }
    if (pythonVersion != null) {
      b.pythonVersion(pythonVersion);
    }
    if (runtime != null) {
      b.lambdaRuntime(runtime);
    }
    if (pythonArchive != null || pythonSha256 != null) {
      b.pythonArchive(pathOrUrl(baseDir, pythonArchive), pythonSha256);
    }
    if (compilePythonArchive != null || compilePythonSha256 != null) {
      b.compilePythonArchive(pathOrUrl(baseDir, compilePythonArchive), compilePythonSha256);
    }
    if (requirements != null) {
      b.requirements(requirements);
    }
    if (noDeps != null) {
      b.noDeps(noDeps);
    }
    if (requirementsFile != null) {
      b.requirementsFile(baseDir.resolve(requirementsFile));
    }
    if (lockFile != null) {
      b.lockFile(baseDir.resolve(lockFile));
    }
    IndexSettings.Builder index = IndexSettings.builder();
    index.indexUrl(indexUrl);
    index.extraIndexUrls(extraIndexUrls);
    if (findLinks != null) {
      List<String> links = new ArrayList<>();
      for (String link : findLinks) {
        links.add(pathOrUrl(baseDir, link));
      }
      index.findLinks(links);
    }
    index.noIndex(noIndex);
    b.indexOverride(index.build());
    if (outDir != null) {
      b.outDir(baseDir.resolve(outDir));
    }
    if (maxSizeMb != null) {
      b.maxSizeMb(maxSizeMb);
    }
    if (layout != null) {
      b.layout(Layout.parse(layout));
    }
    if (optimize != null) {
      b.optimize(OptimizeLevel.parse(optimize));
    }
    if (!pruneRuleFiles.isEmpty()) {
      b.addPruneRuleFiles(pruneRuleFiles.stream().map(baseDir::resolve).toList());
    }
    b.addDisabledPruneRules(disabledPruneRules);
    b.addKeepDistributions(keepDistributions);
    if (providers != null) {
      b.providers(providers);
    }
    if (sourceless != null) {
      b.sourceless(parseSourceless(sourceless));
    }
    if (lazyReexports != null) {
      b.lazyReexports(lazyReexports);
    }
    if (smokeCode != null) {
      b.smokeCode(smokeCode);
    }
    if (smokeEnabled != null) {
      b.smokeEnabled(smokeEnabled);
    }
    SupplyChainOptions supplyChain = b.supplyChainOptions();
    if (maxUnpackedMb != null) {
      supplyChain = supplyChain.withMaxUnpackedMb(maxUnpackedMb);
    }
    if (!allowStartupCode.isEmpty()) {
      supplyChain = supplyChain.allowingStartupCode(allowStartupCode);
    }
    if (strict != null) {
      supplyChain = supplyChain.withStrict(strict);
    }
    b.supplyChain(supplyChain);
    return b;
  }

  /**
   * {@code stdlib}, {@code packages}, both comma-separated, or {@code none} (every source kept).
   */
  public static Set<CodeScope> parseSourceless(String value) {
    Set<CodeScope> scopes = EnumSet.noneOf(CodeScope.class);
    if (value.strip().equalsIgnoreCase("none")) {
      return scopes;
    }
    for (String scope : value.split(",")) {
      scopes.add(CodeScope.parse(scope));
    }
    return scopes;
  }

  private static String pathOrUrl(Path baseDir, String value) {
    return value == null || value.contains("://") ? value : baseDir.resolve(value).toString();
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? null : List.copyOf(list);
  }

  /**
   * Collects overrides; every setter takes {@code null} as "not given" so front ends can pass
   * their optional fields straight through.
   */
  public static final class Builder {
    private Path specFile;
    private String name;
    private List<String> arches;
    private String pythonVersion;
    private String runtime;
    private String pythonArchive;
    private String pythonSha256;
    private String compilePythonArchive;
    private String compilePythonSha256;
    private List<String> requirements;
    private Boolean noDeps;
    private Path requirementsFile;
    private Path lockFile;
    private String indexUrl;
    private List<String> extraIndexUrls;
    private List<String> findLinks;
    private Boolean noIndex;
    private Path outDir;
    private Double maxSizeMb;
    private String layout;
    private String optimize;
    private final List<Path> pruneRuleFiles = new ArrayList<>();
    private final List<String> disabledPruneRules = new ArrayList<>();
    private final List<String> keepDistributions = new ArrayList<>();
    private List<String> providers;
    private String sourceless;
    private Boolean lazyReexports;
    private String smokeCode;
    private Boolean smokeEnabled;
    private Double maxUnpackedMb;
    private final List<String> allowStartupCode = new ArrayList<>();
    private Boolean strict;

    private Builder() {}

    /** The spec file to read instead of {@code ./pylayer.toml}; it must exist. */
    public Builder specFile(Path value) {
      this.specFile = value;
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Replaces the file's architectures ({@code arm64}, {@code x86_64}); null or empty: keep. */
    public Builder arches(List<String> value) {
      this.arches = value == null || value.isEmpty() ? null : new ArrayList<>(value);
      return this;
    }

    public Builder pythonVersion(String value) {
      this.pythonVersion = value;
      return this;
    }

    public Builder runtime(String value) {
      this.runtime = value;
      return this;
    }

    public Builder pythonArchive(String archive, String sha256) {
      this.pythonArchive = archive;
      this.pythonSha256 = sha256;
      return this;
    }

    /** The host interpreter for byte-compiling a foreign-arch layer: archive (path or URL) + sha256. */
    public Builder compilePythonArchive(String archive, String sha256) {
      this.compilePythonArchive = archive;
      this.compilePythonSha256 = sha256;
      return this;
    }

    /** Install the requirements as given, without resolving their dependencies; null: keep. */
    public Builder noDeps(Boolean value) {
      this.noDeps = value;
      return this;
    }

    /** Replaces the spec's top-level requirements (PEP 508 lines); null or empty: keep. */
    public Builder requirements(List<String> value) {
      this.requirements = value == null || value.isEmpty() ? null : new ArrayList<>(value);
      return this;
    }

    public Builder requirementsFile(Path value) {
      this.requirementsFile = value;
      return this;
    }

    public Builder lockFile(Path value) {
      this.lockFile = value;
      return this;
    }

    public Builder indexUrl(String value) {
      this.indexUrl = value;
      return this;
    }

    /** Replaces the configured extra indexes; null or empty: keep. */
    public Builder extraIndexUrls(List<String> value) {
      this.extraIndexUrls = value == null || value.isEmpty() ? null : new ArrayList<>(value);
      return this;
    }

    /** Replaces the configured find-links; null or empty: keep. */
    public Builder findLinks(List<String> value) {
      this.findLinks = value == null || value.isEmpty() ? null : new ArrayList<>(value);
      return this;
    }

    public Builder noIndex(Boolean value) {
      this.noIndex = value;
      return this;
    }

    public Builder outDir(Path value) {
      this.outDir = value;
      return this;
    }

    public Builder maxSizeMb(Double value) {
      this.maxSizeMb = value;
      return this;
    }

    /** {@code dir} or {@code zip}. */
    public Builder layout(String value) {
      this.layout = value;
      return this;
    }

    /** {@code none}, {@code balanced} or {@code size}. */
    public Builder optimize(String value) {
      this.optimize = value;
      return this;
    }

    /** Appended to the spec file's rules files. */
    public Builder addPruneRuleFiles(List<Path> value) {
      if (value != null) {
        pruneRuleFiles.addAll(value);
      }
      return this;
    }

    /** Appended to the spec file's disabled rules. */
    public Builder addDisabledPruneRules(List<String> value) {
      if (value != null) {
        disabledPruneRules.addAll(value);
      }
      return this;
    }

    /** Appended to the spec file's keep-list. */
    public Builder addKeepDistributions(List<String> value) {
      if (value != null) {
        keepDistributions.addAll(value);
      }
      return this;
    }

    /** Replaces the spec's LiteLLM providers ({@code all} keeps every one); null or empty: keep. */
    public Builder providers(List<String> value) {
      this.providers = value == null || value.isEmpty() ? null : new ArrayList<>(value);
      return this;
    }

    /** See {@link SpecOverrides#parseSourceless(String)}. */
    public Builder sourceless(String value) {
      this.sourceless = value;
      return this;
    }

    /** {@code [optimize] lazy-reexports}; null leaves the spec's (or the level's) choice. */
    public Builder lazyReexports(Boolean value) {
      this.lazyReexports = value;
      return this;
    }

    public Builder smokeCode(String value) {
      this.smokeCode = value;
      return this;
    }

    public Builder smokeEnabled(Boolean value) {
      this.smokeEnabled = value;
      return this;
    }

    /** What one wheel or interpreter archive may unpack to, in MiB ({@code [limits] unpacked-mb}). */
    public Builder maxUnpackedMb(Double value) {
      this.maxUnpackedMb = value;
      return this;
    }

    /** Appended to the spec's {@code [audit] allow-startup-code}. */
    public Builder addAllowStartupCode(List<String> value) {
      if (value != null) {
        allowStartupCode.addAll(value);
      }
      return this;
    }

    /** ELF findings fail the build ({@code [audit] strict}); null: keep the spec's. */
    public Builder strict(Boolean value) {
      this.strict = value;
      return this;
    }

    public SpecOverrides build() {
      return new SpecOverrides(this);
    }
  }
}
