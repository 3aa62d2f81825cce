package dev.pylayer.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.pylayer.files.BundledResources;
import dev.pylayer.pep.SpecifierSet;
import dev.pylayer.pep.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which files of a LiteLLM install belong to which provider, per LiteLLM version range: the data
 * of {@code litellm-providers.toml} (a resource of this package, described there). {@link
 * ProviderPruner} applies one {@link ForVersions}.
 */
public final class ProviderRules {

  private static final String RESOURCE = "litellm-providers.toml";
  private static final Set<String> KEYS = Set.of("versions", "providers-dir", "shared", "names",
      "aliases", "requires", "parts", "data", "stand-ins");
  private static final Set<String> STAND_IN_KEYS = Set.of("providers", "data");
  private static final TomlMapper TOML = new TomlMapper();

  /**
   * The rules for one range of LiteLLM versions.
   *
   * @param providersDir relative to site-packages, with '/'
   * @param shared entries of {@code providersDir} never dropped
   * @param names entry of {@code providersDir} → provider, where not the entry's own name
   * @param aliases provider name as LiteLLM spells it → provider here
   * @param requires provider → providers kept with it
   * @param parts prunable parts that are not providers → their paths (relative to site-packages)
   * @param data data file (relative to site-packages) → providers that read it
   * @param standIns distribution → when and how {@link DistributionStandIns} replaces it
   */
  public record ForVersions(String versions, String providersDir, Set<String> shared,
      Map<String, String> names, Map<String, String> aliases, Map<String, List<String>> requires,
      Map<String, List<String>> parts, Map<String, List<String>> data,
      Map<String, StandIn> standIns) {

    public ForVersions {
      shared = Set.copyOf(shared);
      names = Map.copyOf(names);
      aliases = Map.copyOf(aliases);
      requires = Map.copyOf(requires);
      parts = Map.copyOf(parts);
      data = Map.copyOf(data);
      standIns = Map.copyOf(standIns);
    }

    /** The provider an entry of {@code providersDir} belongs to; empty for a shared entry. */
    public Optional<String> providerOfEntry(String entry) {
      if (shared.contains(entry)) {
        return Optional.empty();
      }
      String mapped = names.get(entry);
      if (mapped != null) {
        return Optional.of(mapped);
      }
      return Optional.of(entry.endsWith(".py") ? entry.substring(0, entry.length() - 3) : entry);
    }

    /** {@code name} as the rules spell it: an alias resolved, otherwise unchanged. */
    public String canonical(String name) {
      return aliases.getOrDefault(name, name);
    }
  }

  /**
   * A distribution {@code import litellm} loads although only some providers use it.
   *
   * @param providers the providers that use it: it stays when one of them is kept
   * @param data data files (relative to site-packages) only its use reads, though {@code import
   *     litellm} opens them → what they are replaced with when the distribution is
   */
  public record StandIn(List<String> providers, Map<String, String> data) {

    public StandIn {
      providers = List.copyOf(providers);
      data = Map.copyOf(data);
    }
  }

  private final List<ForVersions> ranges;

  private ProviderRules(List<ForVersions> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** pylayer's own rules. */
  public static ProviderRules defaults() {
    return parse(BundledResources.text(ProviderRules.class, RESOURCE), "pylayer's " + RESOURCE);
  }

  /**
   * Parses a rules text.
   *
   * @throws IllegalArgumentException naming {@code source}, the table and the problem
   */
  public static ProviderRules parse(String text, String source) {
    JsonNode root;
    try {
      root = TOML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid TOML: " + e.getMessage(), e);
    }
    List<ForVersions> ranges = new ArrayList<>();
    for (JsonNode table : root.path("litellm")) {
      String versions = table.path("versions").asText("");
      String where = source + ": [[litellm]] versions = \"" + versions + "\"";
      for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!KEYS.contains(key)) {
          throw new IllegalArgumentException(where + ": unknown key '" + key + "'");
        }
      }
      try {
        SpecifierSet.parse(versions);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": 'versions' is not a PEP 440 specifier set",
            e);
      }
      String dir = table.path("providers-dir").asText("");
      if (dir.isBlank()) {
        throw new IllegalArgumentException(where + ": 'providers-dir' is missing");
      }
      ranges.add(new ForVersions(versions, dir, new LinkedHashSet<>(strings(table, "shared", where)),
          stringMap(table.path("names"), where + " names"),
          stringMap(table.path("aliases"), where + " aliases"),
          listMap(table.path("requires"), where + " requires"),
          listMap(table.path("parts"), where + " parts"),
          listMap(table.path("data"), where + " data"),
          standIns(table.path("stand-ins"), where + " stand-ins")));
    }
    return new ProviderRules(ranges);
  }

  /** The rules of the first range holding {@code version}; empty when none does. */
  public Optional<ForVersions> forVersion(String version) {
    Optional<Version> parsed = Version.tryParse(version);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    for (ForVersions range : ranges) {
      if (SpecifierSet.parse(range.versions()).contains(parsed.get(), true)) {
        return Optional.of(range);
      }
    }
    return Optional.empty();
  }

  /** The version ranges these rules cover, for messages. */
  public List<String> versionRanges() {
    List<String> list = new ArrayList<>();
    ranges.forEach(r -> list.add(r.versions()));
    return list;
  }

  private static Map<String, StandIn> standIns(JsonNode node, String where) {
    Map<String, StandIn> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String at = where + "." + entry.getKey();
      if (!entry.getValue().isObject()) {
        throw new IllegalArgumentException(at + ": must be a table");
      }
      for (Iterator<String> keys = entry.getValue().fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!STAND_IN_KEYS.contains(key)) {
          throw new IllegalArgumentException(at + ": unknown key '" + key + "'");
        }
      }
      List<String> providers = strings(entry.getValue(), "providers", at);
      if (providers.isEmpty()) {
        throw new IllegalArgumentException(at + ": 'providers' must name the providers that"
            + " use it");
      }
      map.put(entry.getKey(), new StandIn(providers,
          stringMap(entry.getValue().path("data"), at + " data")));
    }
    return map;
  }

  private static List<String> strings(JsonNode node, String key, String where) {
    List<String> values = new ArrayList<>();
    JsonNode value = node.path(key);
    if (value.isMissingNode()) {
      return values;
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(where + ": '" + key + "' must be a list of strings");
    }
    value.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static Map<String, String> stringMap(JsonNode node, String where) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return map;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isTextual()) {
        throw new IllegalArgumentException(where + ": '" + entry.getKey() + "' must be a string");
      }
      map.put(entry.getKey(), entry.getValue().asText());
    }
    return map;
  }

  private static Map<String, List<String>> listMap(JsonNode node, String where) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return map;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isArray()) {
        throw new IllegalArgumentException(where + ": '" + entry.getKey()
            + "' must be a list of strings");
      }
      List<String> values = new ArrayList<>();
      entry.getValue().forEach(v -> values.add(v.asText()));
      map.put(entry.getKey(), List.copyOf(values));
    }
    return map;
  }
}
