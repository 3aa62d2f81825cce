package dev.pylayer.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.pylayer.files.BundledResources;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists of releases known to be malicious: the one bundled with pylayer ({@code
 * known-bad-releases.toml}, starting with litellm 1.82.7 and 1.82.8) plus any the user adds, in
 * the same TOML shape:
 *
 * <pre>
 * [[release]]
 * name = "litellm"
 * versions = ["1.82.7", "1.82.8"]
 * incident = "BerriAI/litellm#24512"
 * url = "https://github.com/BerriAI/litellm/issues/24512"
 * summary = "..."
 * </pre>
 *
 * Versions compare as PEP 440 versions ({@code 1.82.7.0} is {@code 1.82.7}).
 */
public final class KnownBadReleases {

  private static final String BUNDLED = "known-bad-releases.toml";

  private final List<KnownBadRelease> releases;

  private KnownBadReleases(List<KnownBadRelease> releases) {
    this.releases = List.copyOf(releases);
  }

  /** The list bundled with pylayer. */
  public static KnownBadReleases bundled() {
    return new KnownBadReleases(parse(BundledResources.text(KnownBadReleases.class, BUNDLED),
        "pylayer's bundled list"));
  }

  /** The bundled list plus the user's {@code files}. */
  public static KnownBadReleases bundledPlus(List<Path> files) {
    List<KnownBadRelease> all = new ArrayList<>(bundled().releases);
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new IllegalArgumentException("the known-bad list " + file + " cannot be read ("
            + e.getMessage() + "): fix the path in [audit] known-bad-files", e);
      }
      all.addAll(parse(text, file.toString()));
    }
    return new KnownBadReleases(all);
  }

  /** Every entry. */
  public List<KnownBadRelease> releases() {
    return releases;
  }

  /** The entry listing this exact release, if any. */
  public Optional<KnownBadRelease> find(String project, String version) {
    String name = PackageName.normalize(project);
    for (KnownBadRelease release : releases) {
      if (release.name().equals(name)) {
        for (String listed : release.versions()) {
          if (sameVersion(listed, version)) {
            return Optional.of(release);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean sameVersion(String a, String b) {
    try {
      return Version.parse(a).equals(Version.parse(b));
    } catch (IllegalArgumentException e) {
      return a.equals(b);
    }
  }

  private static List<KnownBadRelease> parse(String text, String source) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not valid TOML: " + e.getMessage(), e);
    }
    List<KnownBadRelease> out = new ArrayList<>();
    JsonNode list = root == null ? null : root.get("release");
    if (list == null) {
      return out;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException(source + ": 'release' must be an array of tables"
          + " ([[release]])");
    }
    for (JsonNode entry : list) {
      String name = text(entry, "name", source);
      JsonNode versions = entry.get("versions");
      if (versions == null || !versions.isArray() || versions.isEmpty()) {
        throw new IllegalArgumentException(source + ": release '" + name + "' needs versions ="
            + " [\"1.2.3\", ...]");
      }
      List<String> values = new ArrayList<>();
      versions.forEach(v -> values.add(v.asText()));
      out.add(new KnownBadRelease(PackageName.normalize(name), values,
          text(entry, "incident", source), optional(entry, "url"),
          text(entry, "summary", source), source));
    }
    return out;
  }

  private static String text(JsonNode entry, String key, String source) {
    JsonNode node = entry.get(key);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new IllegalArgumentException(source + ": every [[release]] needs " + key
          + " = \"...\"");
    }
    return node.asText();
  }

  private static String optional(JsonNode entry, String key) {
    JsonNode node = entry.get(key);
    return node == null ? "" : node.asText();
  }
}
