package dev.pylayer.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.pylayer.index.IndexSettings;
import dev.pylayer.pep.Arch;
import dev.pylayer.verify.SmokeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code pylayer.toml}. Every key is optional (the defaults reproduce the seed); unknown keys
 * are errors, so a typo never silently falls back to a default. Relative paths are relative to the
 * file's directory.
 *
 * <pre>
 * [layer]
 * name = "litellm"            # python-litellm-arm64.zip
 * python = "3.11"
 * arch = ["arm64"]            # arm64 and/or x86_64: one layer each
 * runtime = "java21"          # the consuming function's runtime: sets the glibc ceiling
 * layout = "zip"              # or "dir"; default: dir at optimize = "none", else zip
 * optimize = "balanced"       # none, balanced (default) or size: see OptimizeLevel
 * max-size-mb = 30            # compressed budget (1 MB = 1,000,000 bytes)
 * out = "."                   # where layer-build-&lt;arch&gt;/ goes
 *
 * [packages]
 * requirements = ["litellm==1.45.0"]
 * constraints = ["httpx==0.27.2"]
 * requirements-file = "requirements.txt"   # pip's format: top-level requirements, resolved
 * no-deps = false             # true: install the requirements file as it is (pip's --no-deps)
 * lock-file = "pylock.toml"
 * providers = ["openai"]      # LiteLLM providers kept (default openai; "all" keeps every one)
 *
 * [index]                     # unset keys come from pip's configuration
 * url = "https://pypi.org/simple"
 * extra-urls = []
 * find-links = []
 * no-index = false
 *
 * [interpreter]               # default: the newest python-build-standalone build in the catalog
 * archive = "cpython-3.11.14+20251031-aarch64-unknown-linux-gnu-install_only_stripped.tar.gz"
 * sha256 = "..."
 *
 * [optimize]                  # pruning rules (see PruneRules) and the import tracer's keep-list
 * rules-files = ["my-rules.toml"]
 * disable = ["package-docs-examples"]   # rule names, or "all"
 * keep = ["huggingface-hub"]            # never dropped by the import tracer
 * sourceless = ["stdlib", "packages"]   # .pyc without .py; default by level ([] at none)
 * lazy-reexports = true      # re-export-only packages import on first use; default by level
 *
 * [limits]
 * unpacked-mb = 250           # what one wheel or interpreter archive may unpack to (MiB)
 *
 * [audit]
 * allow-startup-code = ["some-dist"]    # may ship .pth code / sitecustomize (default: none)
 * known-bad-files = ["bad-releases.toml"]   # more releases to refuse, besides pylayer's list
 * strict = false              # true: ELF findings (absolute RUNPATH outside, missing libs) fail
 *
 * [smoke]
 * enabled = true
 * code = "import litellm"
 * env = { LITELLM_LOCAL_MODEL_COST_MAP = "True" }
 * </pre>
 */
public final class SpecFile {

  /** The file {@code pylayer} reads from the working directory when no {@code --spec} is given. */
  public static final String DEFAULT_NAME = "pylayer.toml";

  private static final Map<String, Set<String>> KEYS =
      Map.of(
          "layer", Set.of("name", "python", "arch", "runtime", "layout", "optimize", "max-size-mb",
              "out"),
          "optimize", Set.of("rules-files", "disable", "keep", "sourceless", "lazy-reexports"),
          "packages", Set.of("requirements", "constraints", "requirements-file", "lock-file",
              "no-deps", "providers"),
          "index", Set.of("url", "extra-urls", "find-links", "no-index"),
          "interpreter", Set.of("archive", "sha256", "compile-archive", "compile-sha256"),
          "smoke", Set.of("enabled", "code", "env"),
          "limits", Set.of("unpacked-mb"),
          "audit", Set.of("allow-startup-code", "known-bad-files", "strict"));

  private SpecFile() {}

  /**
   * Reads {@code file} into a builder (so command-line options can still override it).
   *
   * @throws SpecException for a missing file, bad TOML, an unknown key or a value of the wrong
   *     type, naming the file and the key
   */
  public static LayerSpec.Builder read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new SpecException(file + " does not exist: create it (see README, 'The spec') or"
          + " leave --spec out to use the defaults");
    } catch (IOException e) {
      throw new SpecException("cannot read " + file + ": " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (IOException e) {
      throw new SpecException(file + " is not valid TOML: " + e.getMessage(), e);
    }
    Path base = file.toAbsolutePath().getParent();
    return new Reader(file, root == null ? new TomlMapper().createObjectNode() : root)
        .apply(LayerSpec.builder(base), base);
  }

  /** Reads one file's tables into a builder, checking keys and types as it goes. */
  private static final class Reader {
    private final Path file;
    private final JsonNode root;

    Reader(Path file, JsonNode root) {
      this.file = file;
      this.root = root;
    }

    LayerSpec.Builder apply(LayerSpec.Builder b, Path base) {
      checkKeys();
      JsonNode layer = table("layer");
      string(layer, "layer", "name").ifPresent(b::name);
      string(layer, "layer", "python").ifPresent(b::pythonVersion);
      if (layer.has("arch")) {
        List<Arch> arches = new ArrayList<>();
        for (String value : strings(layer, "layer", "arch")) {
          arches.add(parse("layer.arch", () -> Arch.parse(value)));
        }
        b.arches(arches);
      }
      string(layer, "layer", "runtime").ifPresent(b::lambdaRuntime);
      string(layer, "layer", "layout").ifPresent(v -> b.layout(parse("layer.layout",
          () -> Layout.parse(v))));
      if (layer.has("max-size-mb")) {
        JsonNode size = layer.get("max-size-mb");
        if (!size.isNumber()) {
          throw error("layer.max-size-mb", "must be a number of megabytes, e.g. 30");
        }
        b.maxSizeMb(size.asDouble());
      }
      string(layer, "layer", "out").ifPresent(v -> b.outDir(base.resolve(v)));
      string(layer, "layer", "optimize").ifPresent(v -> b.optimize(parse("layer.optimize",
          () -> dev.pylayer.optimize.OptimizeLevel.parse(v))));

      JsonNode optimize = table("optimize");
      if (optimize.has("rules-files")) {
        List<Path> files = new ArrayList<>();
        for (String file : strings(optimize, "optimize", "rules-files")) {
          files.add(base.resolve(file));
        }
        b.pruneRuleFiles(files);
      }
      if (optimize.has("disable")) {
        b.disabledPruneRules(strings(optimize, "optimize", "disable"));
      }
      if (optimize.has("keep")) {
        b.keepDistributions(strings(optimize, "optimize", "keep"));
      }
      if (optimize.has("sourceless")) {
        java.util.Set<dev.pylayer.optimize.CodeScope> scopes = new java.util.HashSet<>();
        for (String scope : strings(optimize, "optimize", "sourceless")) {
          scopes.add(parse("optimize.sourceless",
              () -> dev.pylayer.optimize.CodeScope.parse(scope)));
        }
        b.sourceless(scopes);
      }
      if (optimize.has("lazy-reexports")) {
        b.lazyReexports(bool(optimize, "optimize", "lazy-reexports"));
      }

      JsonNode packages = table("packages");
      if (packages.has("requirements")) {
        b.requirements(strings(packages, "packages", "requirements"));
      }
      if (packages.has("constraints")) {
        b.constraints(strings(packages, "packages", "constraints"));
      }
      string(packages, "packages", "requirements-file")
          .ifPresent(v -> b.requirementsFile(base.resolve(v)));
      string(packages, "packages", "lock-file").ifPresent(v -> b.lockFile(base.resolve(v)));
      if (packages.has("no-deps")) {
        b.noDeps(bool(packages, "packages", "no-deps"));
      }
      if (packages.has("providers")) {
        b.providers(strings(packages, "packages", "providers"));
      }

      JsonNode index = table("index");
      IndexSettings.Builder settings = IndexSettings.builder();
      string(index, "index", "url").ifPresent(settings::indexUrl);
      if (index.has("extra-urls")) {
        settings.extraIndexUrls(strings(index, "index", "extra-urls"));
      }
      if (index.has("find-links")) {
        List<String> links = new ArrayList<>();
        for (String link : strings(index, "index", "find-links")) {
          // A relative find-links directory is relative to the spec, like every other path here.
          links.add(link.contains("://") ? link : base.resolve(link).toString());
        }
        settings.findLinks(links);
      }
      if (index.has("no-index")) {
        settings.noIndex(bool(index, "index", "no-index"));
      }
      b.index(settings.build());

      JsonNode interpreter = table("interpreter");
      if (interpreter.has("archive") || interpreter.has("sha256")) {
        String archive = string(interpreter, "interpreter", "archive").orElse(null);
        if (archive != null && !archive.contains("://")) {
          archive = base.resolve(archive).toString();
        }
        b.pythonArchive(archive, string(interpreter, "interpreter", "sha256").orElse(null));
      }
      if (interpreter.has("compile-archive") || interpreter.has("compile-sha256")) {
        String archive = string(interpreter, "interpreter", "compile-archive").orElse(null);
        if (archive != null && !archive.contains("://")) {
          archive = base.resolve(archive).toString();
        }
        b.compilePythonArchive(archive,
            string(interpreter, "interpreter", "compile-sha256").orElse(null));
      }

      SupplyChainFile.apply(table("limits"), table("audit"), base, b, this::error);

      JsonNode smoke = table("smoke");
      SmokeSpec smokeSpec = SmokeSpec.defaults();
      if (smoke.has("enabled")) {
        smokeSpec = smokeSpec.withEnabled(bool(smoke, "smoke", "enabled"));
      }
      var code = string(smoke, "smoke", "code");
      if (code.isPresent()) {
        smokeSpec = smokeSpec.withCode(code.get());
      }
      if (smoke.has("env")) {
        JsonNode env = smoke.get("env");
        if (!env.isObject()) {
          throw error("smoke.env", "must be a table of strings, e.g. env = { KEY = \"value\" }");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          if (!entry.getValue().isTextual()) {
            throw error("smoke.env." + entry.getKey(), "must be a string");
          }
          values.put(entry.getKey(), entry.getValue().asText());
        }
        smokeSpec = smokeSpec.withEnv(values);
      }
      b.smoke(smokeSpec);
      return b;
    }

    private void checkKeys() {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        Set<String> keys = KEYS.get(entry.getKey());
        if (keys == null) {
          throw new SpecException(file + ": unknown table or key '" + entry.getKey()
              + "': use " + String.join(", ", new java.util.TreeSet<>(KEYS.keySet())));
        }
        if (!entry.getValue().isObject()) {
          throw new SpecException(file + ": '" + entry.getKey() + "' must be a table ([" 
              + entry.getKey() + "])");
        }
        for (Iterator<String> names = entry.getValue().fieldNames(); names.hasNext(); ) {
          String name = names.next();
          if (!keys.contains(name)) {
            throw new SpecException(file + ": unknown key '" + entry.getKey() + "." + name
                + "': [" + entry.getKey() + "] takes " + String.join(", ",
                new java.util.TreeSet<>(keys)));
          }
        }
      }
    }

    private JsonNode table(String name) {
      JsonNode node = root.get(name);
      return node == null ? new ObjectNode(null) : node;
    }

    private java.util.Optional<String> string(JsonNode table, String tableName, String key) {
      JsonNode node = table.get(key);
      if (node == null) {
        return java.util.Optional.empty();
      }
      if (!node.isTextual()) {
        throw error(tableName + "." + key, "must be a string");
      }
      return java.util.Optional.of(node.asText());
    }

    private boolean bool(JsonNode table, String tableName, String key) {
      JsonNode node = table.get(key);
      if (!node.isBoolean()) {
        throw error(tableName + "." + key, "must be true or false");
      }
      return node.asBoolean();
    }

    /** A string or a list of strings. */
    private List<String> strings(JsonNode table, String tableName, String key) {
      JsonNode node = table.get(key);
      List<String> values = new ArrayList<>();
      if (node.isTextual()) {
        values.add(node.asText());
        return values;
      }
      if (!node.isArray()) {
        throw error(tableName + "." + key, "must be a list of strings");
      }
      for (JsonNode item : node) {
        if (!item.isTextual()) {
          throw error(tableName + "." + key, "must be a list of strings; found " + item);
        }
        values.add(item.asText());
      }
      return values;
    }

    private <T> T parse(String key, java.util.function.Supplier<T> parser) {
      try {
        return parser.get();
      } catch (IllegalArgumentException e) {
        throw error(key, e.getMessage());
      }
    }

    private SpecException error(String key, String problem) {
      return new SpecException(file + ": " + key + " " + problem);
    }
  }
}
