package dev.pylayer.optimize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.files.AtomicFiles;
import dev.pylayer.files.BundledResources;
import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.pep.PackageName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a distribution that {@code import litellm} loads but only providers the layer does not
 * keep use with a stand-in module ({@code stand_in.py}): LiteLLM still imports, and any use of the
 * stand-in raises a ModuleNotFoundError naming the providers that need the real one and the two
 * ways to keep it. The import tracer cannot prove such a distribution unused, because LiteLLM
 * imports it unconditionally at module level; {@code litellm-providers.toml} says which providers
 * use it ({@code stand-ins}), checked against LiteLLM's source for each version range.
 *
 * <p>The case it exists for: Hugging Face's {@code tokenizers} (a 7.8 MB native library) and
 * LiteLLM's bundled Anthropic tokenizer, which {@code litellm/utils.py} loads and re-serializes at
 * import (about a quarter of {@code import litellm} with 1.45.0), but which count tokens only for
 * legacy Claude 2 models and for models whose tokenizer LiteLLM downloads from Hugging Face.
 */
public final class DistributionStandIns {

  private static final String TEMPLATE = "stand_in.py";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ProviderRules.StandIn> rules;
  private final Set<String> keep;

  /**
   * @param rules distribution → the providers that use it, from {@link ProviderRules}
   * @param keep distribution names (any spelling) the user keeps: never replaced
   */
  public DistributionStandIns(Map<String, ProviderRules.StandIn> rules, Collection<String> keep) {
    Map<String, ProviderRules.StandIn> byName = new HashMap<>();
    rules.forEach((name, rule) -> byName.put(PackageName.normalize(name), rule));
    this.rules = Map.copyOf(byName);
    Set<String> normalized = new HashSet<>();
    keep.forEach(k -> normalized.add(PackageName.normalize(k)));
    this.keep = Set.copyOf(normalized);
  }

  /**
   * One replaced distribution.
   *
   * @param bytes bytes the layer lost: its files, less the stand-in's, plus what emptied data
   *     files saved
   */
  public record Replaced(String distribution, String version, List<String> providers,
      List<String> modules, long bytes, int files) {}

  /**
   * Replaces every distribution of the rules that is installed, not kept by the user, and used
   * by none of {@code keptProviders}.
   *
   * @param keptProviders providers the layer keeps, as the rules spell them
   * @param licenses where the build gathered licence files (the replaced one's go too)
   */
  public List<Replaced> apply(Path sitePackages, Path licenses,
      List<InstalledDistribution> installed, Set<String> keptProviders) throws IOException {
    List<Replaced> replaced = new ArrayList<>();
    for (InstalledDistribution dist : installed) {
      String name = PackageName.normalize(dist.name().toString());
      ProviderRules.StandIn rule = rules.get(name);
      if (rule == null || keep.contains(name)
          || rule.providers().stream().anyMatch(keptProviders::contains)
          || !Files.isDirectory(dist.distInfoDirectory(), LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      List<String> modules = importNames(dist);
      if (modules.isEmpty() || sharesATopLevelName(dist, modules, installed)) {
        // Nothing a stand-in could be named after, or a stand-in package would hide another
        // distribution's modules (a shared namespace): the real one stays.
        continue;
      }
      UnusedDistributions.Item removed = UnusedDistributions.remove(dist, sitePackages, licenses);
      long bytes = removed.bytes();
      byte[] standIn = source(name, rule.providers()).getBytes(StandardCharsets.UTF_8);
      for (String module : modules) {
        Path init = sitePackages.resolve(module).resolve("__init__.py");
        Files.createDirectories(init.getParent());
        AtomicFiles.write(init, standIn);
        bytes -= standIn.length;
      }
      for (Map.Entry<String, String> data : rule.data().entrySet()) {
        Path file = sitePackages.resolve(data.getKey());
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          byte[] content = data.getValue().getBytes(StandardCharsets.UTF_8);
          bytes += Files.size(file) - content.length;
          AtomicFiles.write(file, content);
        }
      }
      replaced.add(new Replaced(dist.name().toString(), dist.version(), rule.providers(),
          modules, bytes, removed.files()));
    }
    if (!replaced.isEmpty()) {
      RecordUpdater.update(sitePackages); // the emptied data files' rows get their new hashes
    }
    return replaced;
  }

  /** The packages the stand-in takes the place of: the distribution's top-level import names. */
  private static List<String> importNames(InstalledDistribution dist) {
    List<String> names = new ArrayList<>();
    for (String name : dist.topLevelNames()) {
      if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean sharesATopLevelName(InstalledDistribution dist, List<String> modules,
      List<InstalledDistribution> installed) {
    for (InstalledDistribution other : installed) {
      if (other != dist && Files.isDirectory(other.distInfoDirectory(), LinkOption.NOFOLLOW_LINKS)
          && other.topLevelNames().stream().anyMatch(modules::contains)) {
        return true;
      }
    }
    return false;
  }

  private static String source(String distribution, List<String> providers) {
    String why = distribution + " is not in this layer: pylayer left it out because only the"
        + " LiteLLM providers " + String.join(", ", providers) + " use it and the layer keeps"
        + " none of them; add one to [packages] providers in pylayer.toml (pylayer build"
        + " --provider NAME), or keep " + distribution + " itself with [optimize] keep or"
        + " pylayer build --keep " + distribution + ", and rebuild the layer";
    try {
      // A JSON string of printable text is a valid Python string literal.
      return BundledResources.text(DistributionStandIns.class, TEMPLATE)
          .replace("@WHY@", JSON.writeValueAsString(why));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
