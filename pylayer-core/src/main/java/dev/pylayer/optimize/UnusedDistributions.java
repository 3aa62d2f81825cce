package dev.pylayer.optimize;

import dev.pylayer.files.FileTrees;
import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.install.InstalledFile;
import dev.pylayer.pep.PackageName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides from an {@link ImportTrace} which installed distributions nothing used, and removes
 * them. A distribution counts as used when the traced run opened or imported any of its files
 * outside its dist-info. Reading dist-info alone does not count: {@code
 * importlib.metadata.distributions()} and {@code entry_points()} open every distribution's
 * metadata (LiteLLM's import does), which would keep everything; code that only asks whether an
 * optional package is installed copes with its absence. Names on the keep-list always stay. For the distributions that stay, it lists the largest folders no
 * file of which was used: candidates for an aggressive, opt-in rule.
 */
public final class UnusedDistributions {

  private static final int CANDIDATES = 25;

  private final Set<String> keep;

  /** @param keep distribution names (any spelling) never dropped */
  public UnusedDistributions(Collection<String> keep) {
    Set<String> normalized = new HashSet<>();
    keep.forEach(k -> normalized.add(PackageName.normalize(k)));
    this.keep = Set.copyOf(normalized);
  }

  /** One dropped distribution, or one unused folder in a kept one. */
  public record Item(String name, long bytes, int files) {}

  /** What {@link #drop} removed and what else looks unused. */
  public record Result(List<Item> dropped, List<Item> candidates) {}

  /** Names of the distributions the trace never touched, sorted. */
  public List<InstalledDistribution> unused(List<InstalledDistribution> distributions,
      ImportTrace trace) {
    List<InstalledDistribution> unused = new ArrayList<>();
    for (InstalledDistribution dist : distributions) {
      if (keep.contains(PackageName.normalize(dist.name().toString()))) {
        continue;
      }
      boolean used = false;
      for (InstalledFile file : dist.files()) {
        Path location = file.location().toAbsolutePath().normalize();
        if (!location.startsWith(dist.distInfoDirectory().toAbsolutePath().normalize())
            && trace.files().contains(location)) {
          used = true;
          break;
        }
      }
      if (!used) {
        unused.add(dist);
      }
    }
    unused.sort((a, b) -> a.name().compareTo(b.name()));
    return unused;
  }

  /**
   * Removes every unused distribution's files from {@code sitePackages} (and its gathered
   * licences from {@code licenses}), then lists candidates inside the others.
   */
  public Result drop(List<InstalledDistribution> distributions, ImportTrace trace,
      Path sitePackages, Path licenses) throws IOException {
    List<InstalledDistribution> unused = unused(distributions, trace);
    List<Item> dropped = remove(unused, sitePackages, licenses);
    List<InstalledDistribution> kept = new ArrayList<>(distributions);
    kept.removeAll(unused);
    return new Result(dropped, candidates(kept, trace, sitePackages));
  }

  /**
   * Removes the distributions named in {@code names} (any spelling) that are installed and not
   * kept, without a trace: for when the tracer cannot run. No candidates are listed.
   */
  public Result dropNamed(List<InstalledDistribution> distributions, Collection<String> names,
      Path sitePackages, Path licenses) throws IOException {
    Set<String> wanted = new HashSet<>();
    names.forEach(n -> wanted.add(PackageName.normalize(n)));
    List<InstalledDistribution> named = new ArrayList<>();
    for (InstalledDistribution dist : distributions) {
      String name = PackageName.normalize(dist.name().toString());
      if (wanted.contains(name) && !keep.contains(name)) {
        named.add(dist);
      }
    }
    named.sort((a, b) -> a.name().compareTo(b.name()));
    return new Result(remove(named, sitePackages, licenses), List.of());
  }

  private static List<Item> remove(List<InstalledDistribution> unused, Path sitePackages,
      Path licenses) throws IOException {
    List<Item> dropped = new ArrayList<>();
    for (InstalledDistribution dist : unused) {
      dropped.add(remove(dist, sitePackages, licenses));
    }
    return dropped;
  }

  /**
   * Removes one distribution's files under {@code sitePackages}, its dist-info, its licences
   * gathered under {@code licenses}, and the directories that leaves empty.
   */
  static Item remove(InstalledDistribution dist, Path sitePackages, Path licenses)
      throws IOException {
    long bytes = 0;
    int files = 0;
    Set<Path> parents = new HashSet<>();
    for (InstalledFile file : dist.files()) {
      Path location = file.location();
      if (location.startsWith(sitePackages)
          && Files.isRegularFile(location, LinkOption.NOFOLLOW_LINKS)) {
        bytes += Files.size(location);
        files++;
        Files.delete(location);
        parents.add(location.getParent());
      }
    }
    FileTrees.Measure rest = FileTrees.delete(dist.distInfoDirectory());
    bytes += rest.bytes();
    files += rest.files();
    String distInfo = dist.distInfoDirectory().getFileName().toString();
    FileTrees.delete(licenses.resolve(
        distInfo.substring(0, distInfo.length() - ".dist-info".length())));
    for (Path parent : parents) {
      removeEmptyUpTo(parent, sitePackages);
    }
    return new Item(dist.name().toString(), bytes, files);
  }

  /** The largest folders (two levels below site-packages) of kept distributions nothing used. */
  private static List<Item> candidates(List<InstalledDistribution> kept, ImportTrace trace,
      Path sitePackages) throws IOException {
    Map<Path, long[]> unusedFolders = new TreeMap<>();
    for (InstalledDistribution dist : kept) {
      for (InstalledFile file : dist.files()) {
        Path location = file.location();
        if (!location.startsWith(sitePackages)
            || !Files.isRegularFile(location, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        Path relative = sitePackages.relativize(location);
        if (relative.getNameCount() < 3) {
          continue;
        }
        Path folder = relative.subpath(0, 2);
        long[] sum = unusedFolders.computeIfAbsent(folder, k -> new long[2]);
        sum[0] += Files.size(location);
        sum[1]++;
      }
    }
    List<Item> items = new ArrayList<>();
    for (Map.Entry<Path, long[]> entry : unusedFolders.entrySet()) {
      if (!trace.used(sitePackages.resolve(entry.getKey()))) {
        items.add(new Item(entry.getKey().toString(), entry.getValue()[0],
            (int) entry.getValue()[1]));
      }
    }
    items.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
    return List.copyOf(items.subList(0, Math.min(CANDIDATES, items.size())));
  }

  /** Deletes {@code dir} and then each parent below {@code stop} while it is an empty directory. */
  private static void removeEmptyUpTo(Path dir, Path stop) throws IOException {
    Path current = dir;
    while (current != null && current.startsWith(stop) && !current.equals(stop)
        && FileTrees.isEmptyDirectory(current)) {
      Files.delete(current);
      current = current.getParent();
    }
  }
}
