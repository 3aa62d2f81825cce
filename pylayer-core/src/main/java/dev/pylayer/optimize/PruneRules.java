package dev.pylayer.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.pylayer.files.BundledResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of {@link PruneRule}s and the import tracer's keep-list, read from TOML files: pylayer's
 * own ({@code prune-rules.toml}, a resource of this package) and any the user adds. A user rule
 * with the name of an earlier one replaces it; {@link #without(Collection)} switches rules off.
 *
 * <pre>
 * [[rule]]
 * name = "my-data"             # unique; used in report.json and to switch it off
 * reason = "why it can go"
 * level = "balanced"           # or "size": the lowest --optimize level that applies it
 * scope = "packages"           # or "stdlib": paths relative to lib/python3.X, not site-packages
 * paths = ["mypkg/big_data"]   # globs relative to site-packages (or lib/python3.X)
 * except = ["mypkg/big_data/keep.json"]
 *
 * [trace]
 * keep = ["some-dist"]         # never dropped by the import tracer
 * drop-when-untraced = ["unused-dist"]   # dropped when the tracer cannot run (see below)
 * </pre>
 */
public final class PruneRules {

  private static final String RESOURCE = "prune-rules.toml";
  private static final Set<String> RULE_KEYS = Set.of("name", "reason", "level", "scope", "paths",
      "except");
  private static final TomlMapper TOML = new TomlMapper();

  private final List<PruneRule> rules;
  private final Set<String> keep;
  private final Set<String> dropWhenUntraced;

  private PruneRules(List<PruneRule> rules, Set<String> keep, Set<String> dropWhenUntraced) {
    this.rules = List.copyOf(rules);
    this.keep = Set.copyOf(keep);
    this.dropWhenUntraced = Set.copyOf(dropWhenUntraced);
  }

  /** pylayer's own rules. */
  public static PruneRules defaults() {
    return parse(BundledResources.text(PruneRules.class, RESOURCE), "pylayer's " + RESOURCE);
  }

  /** No rules, nothing kept. */
  public static PruneRules empty() {
    return new PruneRules(List.of(), Set.of(), Set.of());
  }

  /**
   * Parses one rules file's text.
   *
   * @param source names the text in error messages (a file name)
   * @throws IllegalArgumentException naming the source, the rule and the problem
   */
  public static PruneRules parse(String text, String source) {
    JsonNode root;
    try {
      root = TOML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid TOML: " + e.getMessage(), e);
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("rule") && !key.equals("trace")) {
        throw new IllegalArgumentException(source + ": unknown key '" + key
            + "': a rules file holds [[rule]] tables and one [trace] table");
      }
    }
    List<PruneRule> rules = new ArrayList<>();
    JsonNode ruleNodes = root.path("rule");
    if (!ruleNodes.isMissingNode() && !ruleNodes.isArray()) {
      throw new IllegalArgumentException(source + ": 'rule' must be an array of tables"
          + " ([[rule]])");
    }
    for (JsonNode node : ruleNodes) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!RULE_KEYS.contains(key)) {
          throw new IllegalArgumentException(source + ": rule '" + node.path("name").asText("?")
              + "': unknown key '" + key + "': use " + new TreeSet<>(RULE_KEYS));
        }
      }
      String name = text(node, "name", source, "?");
      try {
        rules.add(PruneRule.of(name, node.path("reason").asText(""),
            OptimizeLevel.parse(node.path("level").asText("balanced")),
            strings(node, "paths", source, name), strings(node, "except", source, name))
            .inScope(CodeScope.parse(node.path("scope").asText("packages"))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
      }
    }
    Set<String> keep = new LinkedHashSet<>(strings(root.path("trace"), "keep", source, "trace"));
    Set<String> untraced = new LinkedHashSet<>(
        strings(root.path("trace"), "drop-when-untraced", source, "trace"));
    return new PruneRules(rules, keep, untraced);
  }

  /** Reads a user's rules file. */
  public static PruneRules read(Path file) throws IOException {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null,
          "prune rules file not found; give an existing TOML file to --prune-rules");
    }
  }

  private static String text(JsonNode node, String key, String source, String rule) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(source + ": rule '" + rule + "' needs a string '" + key
          + "'");
    }
    return value.asText();
  }

  private static List<String> strings(JsonNode node, String key, String source, String rule) {
    JsonNode value = node.get(key);
    List<String> values = new ArrayList<>();
    if (value == null) {
      return values;
    }
    if (value.isTextual()) {
      values.add(value.asText());
      return values;
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(source + ": " + rule + "." + key
          + " must be a list of strings");
    }
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException(source + ": " + rule + "." + key
            + " must be a list of strings; found " + item);
      }
      values.add(item.asText());
    }
    return values;
  }

  /** These rules followed by {@code other}'s; a rule of {@code other} replaces one of the same name. */
  public PruneRules plus(PruneRules other) {
    Map<String, PruneRule> byName = new LinkedHashMap<>();
    rules.forEach(r -> byName.put(r.name(), r));
    other.rules.forEach(r -> byName.put(r.name(), r));
    Set<String> keeps = new LinkedHashSet<>(keep);
    keeps.addAll(other.keep);
    Set<String> untraced = new LinkedHashSet<>(dropWhenUntraced);
    untraced.addAll(other.dropWhenUntraced);
    return new PruneRules(new ArrayList<>(byName.values()), keeps, untraced);
  }

  /**
   * These rules without those named; the name {@code all} switches every rule off.
   *
   * @throws IllegalArgumentException for a name no rule has, listing the names there are
   */
  public PruneRules without(Collection<String> names) {
    if (names.contains("all")) {
      return new PruneRules(List.of(), keep, dropWhenUntraced);
    }
    Set<String> known = new TreeSet<>();
    rules.forEach(r -> known.add(r.name()));
    for (String name : names) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("no prune rule is named '" + name + "': the rules are "
            + String.join(", ", known) + " (or 'all')");
      }
    }
    List<PruneRule> kept = new ArrayList<>();
    for (PruneRule rule : rules) {
      if (!names.contains(rule.name())) {
        kept.add(rule);
      }
    }
    return new PruneRules(kept, keep, dropWhenUntraced);
  }

  /** These rules plus distribution names the tracer must keep. */
  public PruneRules keeping(Collection<String> distributions) {
    Set<String> keeps = new LinkedHashSet<>(keep);
    keeps.addAll(distributions);
    return new PruneRules(rules, keeps, dropWhenUntraced);
  }

  /** The rules, in order. */
  public List<PruneRule> rules() {
    return rules;
  }

  /** The rules {@code level} applies. */
  public List<PruneRule> rulesFor(OptimizeLevel level) {
    List<PruneRule> applied = new ArrayList<>();
    for (PruneRule rule : rules) {
      if (level.atLeast(rule.level())) {
        applied.add(rule);
      }
    }
    return applied;
  }

  /** Distribution names (as written) the import tracer never drops. */
  public Set<String> keep() {
    return keep;
  }

  /**
   * Distributions dropped when the import tracer cannot run (a foreign-architecture layer without
   * qemu, or no smoke test), unless kept: pylayer's own list is what tracing its default LiteLLM
   * smoke test drops on x86_64, which holds for the same packages on arm64.
   */
  public Set<String> dropWhenUntraced() {
    return dropWhenUntraced;
  }
}
