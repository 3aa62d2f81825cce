package dev.pylayer.optimize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pylayer.files.AtomicFiles;
import dev.pylayer.files.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Drops the LiteLLM providers (and parts such as the proxy server) a layer does not keep, the
 * seed's way ("all unused LiteLLM providers removed") but only where it is safe: a file of a
 * dropped provider stays when the import tracer saw it used (by {@code import litellm} or the
 * smoke code), or when code of a kept provider or shared provider code may import it ({@link
 * PythonImportScanner}). Data files the rules assign to providers go when none of those is kept
 * and nothing read them. Writes {@value #MANIFEST}, which pylayer-runtime reads to refuse a call
 * to a dropped provider with a message naming it and the spec key that adds it back.
 */
public final class ProviderPruner {

  /** The manifest's file name, in the layer's {@code python/} directory. */
  public static final String MANIFEST = "pylayer-providers.json";

  /** The keep-list entry that keeps every provider. */
  public static final String ALL = "all";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final ProviderRules.ForVersions rules;

  public ProviderPruner(ProviderRules.ForVersions rules) {
    this.rules = rules;
  }

  /** Bytes and files removed for one provider, part or data file. */
  public record Item(String name, long bytes, int files) {}

  /**
   * What {@link #prune} did.
   *
   * @param kept providers and parts kept, sorted
   * @param pruned providers and parts whose files went (those still used stay), sorted
   * @param dropped per provider or part (and "data: <file>"), largest first
   * @param keptFiles files of pruned owners kept because they were traced or imported by kept code
   */
  public record Result(List<String> kept, List<String> pruned, List<Item> dropped,
      int keptFiles) {

    public long bytes() {
      return dropped.stream().mapToLong(Item::bytes).sum();
    }
  }

  /** Providers and parts these rules know in {@code sitePackages}, sorted. */
  public Set<String> known(Path sitePackages) throws IOException {
    return new TreeSet<>(owners(sitePackages).values());
  }

  /**
   * Removes the files of every provider and part not in {@code keep} (closed over the rules'
   * {@code requires}) that nothing uses, and writes the manifest.
   *
   * @param keep provider names (LiteLLM's spelling or the rules'), or {@value #ALL}
   * @param usedFiles absolute, normalized paths the import tracer saw used
   * @param manifest where the manifest goes; nothing is written when everything is kept
   * @throws IllegalArgumentException naming an unknown provider and listing the known ones
   */
  public Result prune(Path sitePackages, Collection<String> keep, Set<Path> usedFiles,
      Path manifest) throws IOException {
    Map<Path, String> owners = owners(sitePackages);
    Set<String> known = new TreeSet<>(owners.values());
    if (keep.contains(ALL)) {
      return new Result(List.copyOf(known), List.of(), List.of(), 0);
    }
    Set<String> kept = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String name : keep) {
      String canonical = rules.canonical(name);
      if (!known.contains(canonical)) {
        throw new IllegalArgumentException("unknown LiteLLM provider '" + name + "': this LiteLLM"
            + " has " + String.join(", ", known) + " (or '" + ALL + "')");
      }
      todo.add(canonical);
    }
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (kept.add(name)) {
        todo.addAll(rules.requires().getOrDefault(name, List.of()));
      }
    }
    Set<String> pruned = new TreeSet<>(known);
    pruned.removeAll(kept);

    Set<Path> needed = importedByKeptCode(sitePackages, owners, kept);
    Map<String, long[]> tally = new TreeMap<>();
    int keptFiles = 0;
    for (Map.Entry<Path, String> owner : owners.entrySet()) {
      if (!pruned.contains(owner.getValue())) {
        continue;
      }
      for (Path file : files(owner.getKey())) {
        Path normalized = file.toAbsolutePath().normalize();
        if (usedFiles.contains(normalized) || needed.contains(file)) {
          keptFiles++;
          continue;
        }
        long[] sum = tally.computeIfAbsent(owner.getValue(), k -> new long[2]);
        sum[0] += Files.size(file);
        sum[1]++;
        Files.delete(file);
      }
      Path providerDirectory = owner.getKey();
      if (Files.isDirectory(providerDirectory, LinkOption.NOFOLLOW_LINKS)) {
        FileTrees.deleteEmptyDirectoriesBelow(providerDirectory);
        if (FileTrees.isEmptyDirectory(providerDirectory)) {
          Files.delete(providerDirectory);
        }
      }
    }
    for (Map.Entry<String, List<String>> data : rules.data().entrySet()) {
      Path file = sitePackages.resolve(data.getKey());
      boolean readByKept = data.getValue().stream().map(rules::canonical).anyMatch(kept::contains);
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !readByKept
          && !usedFiles.contains(file.toAbsolutePath().normalize())) {
        long[] sum = tally.computeIfAbsent("data: " + file.getFileName(), k -> new long[2]);
        sum[0] += Files.size(file);
        sum[1]++;
        Files.delete(file);
      }
    }
    try (DirectoryStream<Path> distInfos = Files.newDirectoryStream(sitePackages,
        "litellm-*.dist-info")) {
      for (Path distInfo : distInfos) {
        RecordUpdater.update(distInfo, sitePackages);
      }
    }
    List<Item> dropped = new ArrayList<>();
    tally.forEach((name, sum) -> dropped.add(new Item(name, sum[0], (int) sum[1])));
    dropped.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
    writeManifest(manifest, sitePackages, owners, kept, pruned);
    return new Result(List.copyOf(kept), List.copyOf(pruned), List.copyOf(dropped), keptFiles);
  }

  /** Each provider's and part's root path (an entry of providers-dir, or a part's path). */
  private Map<Path, String> owners(Path sitePackages) throws IOException {
    Map<Path, String> owners = new TreeMap<>();
    Path dir = sitePackages.resolve(rules.providersDir());
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          boolean module = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
              ? !name.equals("__pycache__") : name.endsWith(".py");
          if (module || rules.names().containsKey(name)) {
            rules.providerOfEntry(name).ifPresent(p -> owners.put(entry, p));
          }
        }
      }
    }
    for (Map.Entry<String, List<String>> part : rules.parts().entrySet()) {
      for (String path : part.getValue()) {
        Path root = sitePackages.resolve(path);
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
          owners.put(root, part.getKey());
        }
      }
    }
    return owners;
  }

  /**
   * The Python files of pruned owners that code of kept providers or shared provider code may
   * import, directly or through other such provider files. Imports from code outside
   * providers-dir are not followed: that code dispatches to every provider.
   */
  private Set<Path> importedByKeptCode(Path sitePackages, Map<Path, String> owners,
      Set<String> kept) throws IOException {
    Path dir = sitePackages.resolve(rules.providersDir());
    Deque<Path> todo = new ArrayDeque<>();
    for (Path file : files(dir)) {
      String owner = ownerOf(file, owners);
      if (file.toString().endsWith(".py") && (owner == null || kept.contains(owner))) {
        todo.add(file);
      }
    }
    PythonImportScanner scanner = new PythonImportScanner(sitePackages);
    Set<Path> scanned = new HashSet<>();
    Set<Path> needed = new HashSet<>();
    while (!todo.isEmpty()) {
      Path file = todo.pop();
      if (!scanned.add(file)) {
        continue;
      }
      for (Path reference : scanner.references(file)) {
        String owner = ownerOf(reference, owners);
        // A part (the proxy server) is kept only as far as provider code names its modules:
        // its own imports fan out over the whole server, which no provider call runs.
        if (owner != null && !kept.contains(owner) && needed.add(reference)
            && !rules.parts().containsKey(owner)) {
          todo.add(reference);
        }
      }
    }
    return needed;
  }

  private static String ownerOf(Path file, Map<Path, String> owners) {
    for (Map.Entry<Path, String> owner : owners.entrySet()) {
      if (file.startsWith(owner.getKey())) {
        return owner.getValue();
      }
    }
    return null;
  }

  /**
   * The manifest pylayer-runtime reads: kept and pruned providers, LiteLLM's aliases, and the
   * module prefix of each pruned owner, so a ModuleNotFoundError can be named too.
   */
  private void writeManifest(Path manifest, Path sitePackages, Map<Path, String> owners,
      Set<String> kept, Set<String> pruned) throws IOException {
    Map<String, String> modules = new TreeMap<>();
    for (Map.Entry<Path, String> owner : owners.entrySet()) {
      if (pruned.contains(owner.getValue())) {
        String module = sitePackages.relativize(owner.getKey()).toString().replace('/', '.');
        modules.put(module.endsWith(".py") ? module.substring(0, module.length() - 3) : module,
            owner.getValue());
      }
    }
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("kept", List.copyOf(kept));
    content.put("pruned", List.copyOf(pruned));
    content.put("aliases", new TreeMap<>(rules.aliases()));
    content.put("modules", modules);
    content.put("fix", "add it to [packages] providers in pylayer.toml (or pylayer build"
        + " --provider NAME) and rebuild the layer");
    AtomicFiles.write(manifest, JSON.writeValueAsBytes(content));
  }

  private static List<Path> files(Path root) throws IOException {
    if (Files.isRegularFile(root, LinkOption.NOFOLLOW_LINKS)) {
      return List.of(root);
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
  }
}
