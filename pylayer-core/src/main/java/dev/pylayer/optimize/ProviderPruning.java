package dev.pylayer.optimize;

import dev.pylayer.install.InstalledDistribution;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The build step around {@link ProviderPruner}: finds the installed LiteLLM, picks the rules of
 * its version and prunes providers the spec does not keep, then replaces with a stand-in what
 * only pruned providers use ({@link DistributionStandIns}), or says why it did not. Layers
 * without LiteLLM are left alone.
 */
public final class ProviderPruning {

  private final ProviderRules rules;

  public ProviderPruning(ProviderRules rules) {
    this.rules = rules;
  }

  /**
   * What happened: the pruner's result and the distributions replaced by stand-ins, with the
   * LiteLLM version; or nothing with a warning (no rules for this version, no trace); or nothing
   * at all (no LiteLLM, or every provider kept).
   */
  public record Outcome(String litellmVersion, ProviderPruner.Result result,
      List<DistributionStandIns.Replaced> standIns, String warning) {

    Outcome(String litellmVersion, String warning) {
      this(litellmVersion, null, List.of(), warning);
    }

    public Optional<ProviderPruner.Result> pruned() {
      return Optional.ofNullable(result);
    }

    public Optional<String> warningText() {
      return Optional.ofNullable(warning);
    }
  }

  /**
   * Prunes with a trace.
   *
   * @param pythonHome the layer's {@code python/} directory, where the manifest goes
   * @param licenses where the build gathered licence files
   * @param keepDistributions distributions the user keeps, never replaced by a stand-in
   * @throws IllegalArgumentException for a provider name the rules do not know
   */
  public Outcome apply(Path sitePackages, Path pythonHome, Path licenses,
      List<InstalledDistribution> installed, Collection<String> keep,
      Collection<String> keepDistributions, ImportTrace trace) throws IOException {
    Optional<String> version = litellmVersion(installed);
    if (version.isEmpty() || keep.contains(ProviderPruner.ALL)) {
      return new Outcome(version.orElse(null), null);
    }
    Optional<ProviderRules.ForVersions> forVersion = rules.forVersion(version.get());
    if (forVersion.isEmpty()) {
      if (!java.nio.file.Files.isDirectory(sitePackages.resolve("litellm/llms"))) {
        return new Outcome(version.get(), null); // no providers to prune (a minimal LiteLLM)
      }
      return new Outcome(version.get(), "pylayer has no provider rules for litellm "
          + version.get() + " (it has rules for " + String.join(", ", rules.versionRanges())
          + "), so every LiteLLM provider stays in the layer");
    }
    ProviderPruner.Result result = new ProviderPruner(forVersion.get()).prune(sitePackages, keep,
        trace.files(), pythonHome.resolve(ProviderPruner.MANIFEST));
    List<DistributionStandIns.Replaced> standIns =
        new DistributionStandIns(forVersion.get().standIns(), keepDistributions)
            .apply(sitePackages, licenses, installed, Set.copyOf(result.kept()));
    return new Outcome(version.get(), result, standIns, null);
  }

  /** Without a trace nothing proves which provider files {@code import litellm} loads. */
  public Outcome untraced(List<InstalledDistribution> installed, Collection<String> keep,
      String why) {
    Optional<String> version = litellmVersion(installed);
    if (version.isEmpty() || keep.contains(ProviderPruner.ALL)) {
      return new Outcome(version.orElse(null), null);
    }
    return new Outcome(version.get(), "LiteLLM providers were not pruned: the import tracer"
        + " cannot run (" + why + "), and only a trace shows which provider files `import litellm`"
        + " loads");
  }

  private static Optional<String> litellmVersion(List<InstalledDistribution> installed) {
    for (InstalledDistribution dist : installed) {
      if (dist.name().toString().equalsIgnoreCase("litellm")) {
        return Optional.of(dist.version());
      }
    }
    return Optional.empty();
  }
}
