package dev.pylayer.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pip configuration a {@code pip install} on this machine would see, read the way pip reads
 * it (pip's {@code configuration.py} and {@code ConfigOptionParser}):
 *
 * <ol>
 *   <li>Files, lowest precedence first: global ({@code $XDG_CONFIG_DIRS/pip/pip.conf} for each
 *       directory, default {@code /etc/xdg}, then {@code /etc/pip.conf}); user
 *       ({@code ~/.pip/pip.conf}, then {@code $XDG_CONFIG_HOME/pip/pip.conf}, default
 *       {@code ~/.config}), skipped when {@code PIP_CONFIG_FILE} names an existing file; site
 *       ({@code $VIRTUAL_ENV/pip.conf}); then the file {@code PIP_CONFIG_FILE} names. A later
 *       file overrides an earlier one key by key. {@code PIP_CONFIG_FILE=/dev/null} loads no file.
 *   <li>Within the merged files, {@code [install]} overrides {@code [global]}; other sections
 *       ({@code [download]}, {@code [freeze]}) do not apply.
 *   <li>{@code PIP_*} environment variables override both ({@code PIP_EXTRA_INDEX_URL} is
 *       {@code extra-index-url}). Empty values are ignored, as pip ignores them.
 * </ol>
 *
 * Keys are compared as pip does: lower case, {@code _} as {@code -}. The environment, home
 * directory and file-system root are injectable so tests never read the machine's config.
 */
public final class PipConfiguration {

  private static final String DEV_NULL = "/dev/null";

  /** A configured value and where it came from. */
  private static final class Entry {
    final String value;
    final String origin;

    Entry(String value, String origin) {
      this.value = value;
      this.origin = origin;
    }
  }

  private final List<Path> files;
  private final Map<String, Entry> values;

  private PipConfiguration(List<Path> files, Map<String, Entry> values) {
    this.files = List.copyOf(files);
    this.values = values;
  }

  /** Reads the configuration for an environment and home directory, system files under "/". */
  public static PipConfiguration load(Map<String, String> env, Path home) throws IOException {
    return loader().env(env).home(home).load();
  }

  /** Reads this machine's real configuration: {@link System#getenv()} and {@code user.home}. */
  public static PipConfiguration loadFromSystem() throws IOException {
    return load(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  public static Loader loader() {
    return new Loader();
  }

  /** The configuration files that existed and were read, lowest precedence first. */
  public List<Path> files() {
    return files;
  }

  /**
   * The effective value of a pip option ({@code index-url}, {@code extra_index_url},
   * {@code timeout}, ...), raw as written.
   */
  public Optional<String> get(String option) {
    Entry entry = values.get(normalize(option));
    return entry == null ? Optional.empty() : Optional.of(entry.value);
  }

  /** Where an option's effective value came from, e.g. {@code /etc/pip.conf [global]}. */
  public Optional<String> origin(String option) {
    Entry entry = values.get(normalize(option));
    return entry == null ? Optional.empty() : Optional.of(entry.origin);
  }

  /**
   * The index settings this configuration gives; options it does not set stay "not given".
   * {@code extra-index-url} and {@code find-links} are whitespace-separated lists.
   *
   * @throws IllegalArgumentException if {@code no-index} is not a boolean pip accepts
   */
  public IndexSettings indexSettings() {
    return IndexSettings.builder()
        .indexUrl(get("index-url").map(String::strip).orElse(null))
        .extraIndexUrls(get("extra-index-url").map(PipConfiguration::splitList).orElse(null))
        .findLinks(get("find-links").map(PipConfiguration::splitList).orElse(null))
        .noIndex(get("no-index").map(v -> toBoolean(v, origin("no-index").orElse(""))).orElse(null))
        .build();
  }

  /** pip's {@code strtobool}: y/yes/t/true/on/1 and n/no/f/false/off/0, any case. */
  static boolean toBoolean(String value, String origin) {
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "y":
      case "yes":
      case "t":
      case "true":
      case "on":
      case "1":
        return true;
      case "n":
      case "no":
      case "f":
      case "false":
      case "off":
      case "0":
        return false;
      default:
        throw new IllegalArgumentException(origin + ": '" + value + "' is not a boolean;"
            + " use 1/0, true/false, yes/no or on/off");
    }
  }

  private static List<String> splitList(String value) {
    String trimmed = value.strip();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }

  private static String normalize(String name) {
    String key = name.toLowerCase(Locale.ROOT).replace('_', '-');
    return key.startsWith("--") ? key.substring(2) : key;
  }

  @Override
  public String toString() {
    return "PipConfiguration{files=" + files + ", options=" + values.keySet() + "}";
  }

  /** Reads a {@link PipConfiguration} with injectable inputs. */
  public static final class Loader {
    private Map<String, String> env = Map.of();
    private Path home;
    private Path systemRoot = Path.of("/");
    private Path sitePrefix;
    private String command = "install";

    private Loader() {}

    /** The environment variables (PIP_*, XDG_*, VIRTUAL_ENV); default none. */
    public Loader env(Map<String, String> env) {
      this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
      return this;
    }

    /** The home directory for user files; null reads no user files. */
    public Loader home(Path home) {
      this.home = home;
      return this;
    }

    /** What {@code /etc} and {@code /etc/xdg} are below; default {@code /} (tests: a temp dir). */
    public Loader systemRoot(Path systemRoot) {
      this.systemRoot = Objects.requireNonNull(systemRoot, "systemRoot");
      return this;
    }

    /**
     * The prefix of the Python environment whose {@code pip.conf} is the site file (pip uses
     * {@code sys.prefix}); default {@code $VIRTUAL_ENV} if set, else no site file.
     */
    public Loader sitePrefix(Path sitePrefix) {
      this.sitePrefix = sitePrefix;
      return this;
    }

    /** The pip command whose section applies besides [global]; default {@code install}. */
    public Loader command(String command) {
      this.command = Objects.requireNonNull(command, "command");
      return this;
    }

    /**
     * Reads the files and environment.
     *
     * @throws IOException if a file exists but cannot be read or parsed (named in the message)
     */
    public PipConfiguration load() throws IOException {
      List<Path> candidates = new ArrayList<>();
      String configFile = env.get("PIP_CONFIG_FILE");
      boolean loadFiles = configFile == null || !configFile.equals(DEV_NULL);
      if (loadFiles) {
        candidates.addAll(globalFiles());
        boolean explicitExists = configFile != null && Files.exists(Path.of(configFile));
        if (home != null && !explicitExists) {
          candidates.add(home.resolve(".pip").resolve("pip.conf"));
          String xdgHome = env.getOrDefault("XDG_CONFIG_HOME", "");
          Path configHome = xdgHome.isBlank() ? home.resolve(".config") : Path.of(expand(xdgHome));
          candidates.add(configHome.resolve("pip").resolve("pip.conf"));
        }
        Path site = sitePrefix;
        if (site == null && env.get("VIRTUAL_ENV") != null && !env.get("VIRTUAL_ENV").isBlank()) {
          site = Path.of(env.get("VIRTUAL_ENV"));
        }
        if (site != null) {
          candidates.add(site.resolve("pip.conf"));
        }
        if (configFile != null && !configFile.isEmpty()) {
          candidates.add(Path.of(configFile));
        }
      }

      // "section.key" → entry, later files overriding earlier ones, as pip's dict updates do.
      Map<String, Entry> merged = new LinkedHashMap<>();
      List<Path> loaded = new ArrayList<>();
      for (Path file : candidates) {
        if (!Files.isRegularFile(file)) {
          continue;
        }
        String text;
        try {
          text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new IOException("cannot read pip configuration file " + file + ": " + e, e);
        }
        Map<String, Map<String, String>> sections;
        try {
          sections = IniFile.parse(text, file.toString());
        } catch (IllegalArgumentException e) {
          throw new IOException("pip configuration file " + e.getMessage(), e);
        }
        loaded.add(file);
        sections.forEach((section, options) -> options.forEach((key, value) ->
            merged.put(section + "." + normalize(key),
                new Entry(value, file + " [" + section + "]"))));
      }

      // Resolve by section: [global] < [<command>] < environment; empty values never count.
      Map<String, Entry> values = new LinkedHashMap<>();
      for (String section : List.of("global", command)) {
        merged.forEach((key, entry) -> {
          if (key.startsWith(section + ".") && !entry.value.isEmpty()) {
            values.put(key.substring(section.length() + 1), entry);
          }
        });
      }
      env.forEach((name, value) -> {
        if (name.startsWith("PIP_") && !value.isEmpty()) {
          String key = normalize(name.substring(4));
          if (!key.equals("version") && !key.equals("help")) {
            values.put(key, new Entry(value, "environment variable " + name));
          }
        }
      });
      return new PipConfiguration(loaded, values);
    }

    private List<Path> globalFiles() {
      List<Path> files = new ArrayList<>();
      String xdgDirs = env.getOrDefault("XDG_CONFIG_DIRS", "");
      if (xdgDirs.isBlank()) {
        files.add(systemRoot.resolve("etc/xdg/pip/pip.conf"));
      } else {
        for (String dir : xdgDirs.split(":")) {
          if (!dir.isEmpty()) {
            files.add(Path.of(expand(dir)).resolve("pip").resolve("pip.conf"));
          }
        }
      }
      files.add(systemRoot.resolve("etc/pip.conf"));
      return files;
    }

    private String expand(String path) {
      if (home != null && (path.equals("~") || path.startsWith("~/"))) {
        return home.resolve(path.equals("~") ? "" : path.substring(2)).toString();
      }
      return path;
    }
  }
}
