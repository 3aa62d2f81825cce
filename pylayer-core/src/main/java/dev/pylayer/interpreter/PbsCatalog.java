package dev.pylayer.interpreter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The python-build-standalone builds pylayer knows, with their download URL and SHA-256. The
 * bundled catalog ({@code pbs-catalog.json}, linux-gnu x86_64 and aarch64, CPython 3.10 to 3.14)
 * lets a build pick and verify an interpreter without asking GitHub anything.
 */
public final class PbsCatalog {

  private static final String RESOURCE = "pbs-catalog.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Newest first: CPython version, then release date, then stripped before unstripped. */
  private static final Comparator<PbsBuild> NEWEST_FIRST =
      Comparator.<PbsBuild, String>comparing(PbsBuild::version, PbsCatalog::compareVersions)
          .thenComparing(PbsBuild::release)
          .thenComparing(PbsBuild::isStripped)
          .reversed();

  private final String source;
  private final List<PbsBuild> builds;

  private PbsCatalog(String source, List<PbsBuild> builds) {
    this.source = source;
    this.builds = List.copyOf(builds);
  }

  /** The catalog shipped inside pylayer. */
  public static PbsCatalog bundled() {
    try (InputStream in = PbsCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("pylayer is missing its resource " + RESOURCE);
      }
      return parse(in, "the bundled " + RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + RESOURCE, e);
    }
  }

  /**
   * Reads a catalog: a JSON array of objects with {@code version}, {@code arch}, {@code release},
   * {@code url} and {@code sha256}.
   *
   * @param source names the input in error messages
   * @throws IOException if the JSON is malformed or an entry lacks a field
   */
  public static PbsCatalog parse(InputStream json, String source) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.isArray()) {
      throw new IOException(source + ": expected a JSON array of builds");
    }
    List<PbsBuild> builds = new ArrayList<>();
    int index = 0;
    for (JsonNode node : root) {
      String where = source + " entry " + index++;
      try {
        builds.add(PbsBuild.of(
            field(node, "version", where),
            field(node, "arch", where),
            field(node, "release", where),
            new URI(field(node, "url", where)),
            field(node, "sha256", where)));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new IOException(where + ": " + e.getMessage(), e);
      }
    }
    return new PbsCatalog(source, builds);
  }

  /** Every build, in catalog order. */
  public List<PbsBuild> builds() {
    return builds;
  }

  /** The minor versions present, oldest first, e.g. {@code [3.10, 3.11, 3.12]}. */
  public List<String> minors() {
    return builds.stream()
        .map(PbsBuild::minorVersion)
        .collect(Collectors.toCollection(() -> new TreeSet<>(PbsCatalog::compareVersions)))
        .stream()
        .collect(Collectors.toUnmodifiableList());
  }

  /** The machines present, e.g. {@code [aarch64, x86_64]}. */
  public List<String> arches() {
    return List.copyOf(
        builds.stream().map(PbsBuild::arch).collect(Collectors.toCollection(TreeSet::new)));
  }

  /**
   * The build to use for a minor version: the newest CPython patch release, then the newest
   * python-build-standalone release, as an install_only {@code .tar.gz} (stripped preferred).
   *
   * @param minor e.g. {@code "3.11"}
   * @param arch {@code aarch64} or {@code x86_64} (Lambda's {@code arm64} is accepted too)
   * @throws IllegalArgumentException naming what is available if nothing matches
   */
  public PbsBuild newest(String minor, String arch) {
    String machine = pbsArch(arch);
    if (!minor.matches("\\d+\\.\\d+")) {
      throw new IllegalArgumentException("'" + minor + "' is not a Python minor version such as"
          + " 3.11" + (minor.matches("\\d+\\.\\d+\\.\\d+.*")
              ? "; to pin an exact version use find(\"" + minor + "\", arch)" : ""));
    }
    List<PbsBuild> candidates = builds.stream()
        .filter(b -> b.minorVersion().equals(minor) && b.arch().equals(machine))
        .collect(Collectors.toList());
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("Python " + minor + " for " + machine + " is not in "
          + source + "; available minor versions: " + String.join(", ", minors()));
    }
    return candidates.stream()
        .filter(PbsBuild::isSupported)
        .min(NEWEST_FIRST)
        .orElseThrow(() -> new IllegalArgumentException("Python " + minor + " for " + machine
            + " exists in " + source + " only as .tar.zst archives, which need zstd;"
            + " choose an install_only .tar.gz build (a newer minor version)"));
  }

  /**
   * The build of one exact CPython version: {@code "3.11.14"} (newest release of it) or
   * {@code "3.11.14+20251031"} (that release).
   *
   * @return empty if the catalog has no such version for {@code arch}
   * @throws IllegalArgumentException if the version exists only as a {@code .tar.zst} archive
   */
  public Optional<PbsBuild> find(String fullVersion, String arch) {
    String machine = pbsArch(arch);
    int plus = fullVersion.indexOf('+');
    String version = plus < 0 ? fullVersion : fullVersion.substring(0, plus);
    String release = plus < 0 ? null : fullVersion.substring(plus + 1);
    List<PbsBuild> matches = builds.stream()
        .filter(b -> b.version().equals(version) && b.arch().equals(machine))
        .filter(b -> release == null || b.release().equals(release))
        .collect(Collectors.toList());
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    Optional<PbsBuild> supported = matches.stream().filter(PbsBuild::isSupported).min(NEWEST_FIRST);
    if (supported.isEmpty()) {
      throw new IllegalArgumentException("CPython " + fullVersion + " for " + machine + " ("
          + matches.get(0).fileName() + "): .tar.zst archives need zstd, which pylayer does not"
          + " ship; choose an install_only .tar.gz build");
    }
    return supported;
  }

  /**
   * The python-build-standalone name of a machine: {@code aarch64} (also for {@code arm64}) or
   * {@code x86_64} (also for {@code amd64}).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static String pbsArch(String arch) {
    switch (arch.toLowerCase(Locale.ROOT)) {
      case "aarch64":
      case "arm64":
        return "aarch64";
      case "x86_64":
      case "amd64":
      case "x86-64":
        return "x86_64";
      default:
        throw new IllegalArgumentException("unknown architecture '" + arch
            + "'; Lambda supports arm64 (aarch64) and x86_64");
    }
  }

  /** Orders dotted versions numerically ({@code 3.9 < 3.10}); a pre-release sorts before final. */
  static int compareVersions(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.max(left.length, right.length); i++) {
      String l = i < left.length ? left[i] : "0";
      String r = i < right.length ? right[i] : "0";
      int lEnd = digitsEnd(l);
      int rEnd = digitsEnd(r);
      int byNumber = Long.compare(number(l, lEnd), number(r, rEnd));
      if (byNumber != 0) {
        return byNumber;
      }
      String lSuffix = l.substring(lEnd);
      String rSuffix = r.substring(rEnd);
      if (!lSuffix.equals(rSuffix)) {
        if (lSuffix.isEmpty()) {
          return 1;
        }
        if (rSuffix.isEmpty()) {
          return -1;
        }
        return lSuffix.compareTo(rSuffix);
      }
    }
    return 0;
  }

  private static int digitsEnd(String part) {
    int end = 0;
    while (end < part.length() && Character.isDigit(part.charAt(end))) {
      end++;
    }
    return end;
  }

  private static long number(String part, int digitsEnd) {
    return digitsEnd == 0 ? 0 : Long.parseLong(part.substring(0, Math.min(digitsEnd, 18)));
  }

  private static String field(JsonNode node, String name, String where) throws IOException {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IOException(where + ": missing the text field '" + name + "'");
    }
    return value.asText();
  }

  @Override
  public String toString() {
    return source + " (" + builds.size() + " builds)";
  }
}
