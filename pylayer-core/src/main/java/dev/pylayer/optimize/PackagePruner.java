package dev.pylayer.optimize;

import dev.pylayer.files.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Applies {@link PruneRule}s to a {@code site-packages} directory, then tidies every {@code
 * *.dist-info}: licence files move to {@code <licenses>/<name>-<version>/} (one place for an SBOM
 * tool and for users to find them, and out of the way of importlib.metadata), and {@code RECORD}
 * is rewritten to list only files still present.
 *
 * <p>RECORD stays on purpose: {@code importlib.metadata.files()} and {@code pylayer inspect} read
 * it, and it costs little once compressed. Its hashes remain those of the wheel; rows of removed
 * files go, so nothing claims a file that is not there.
 */
public final class PackagePruner {

  private static final Pattern LICENSE_FILE =
      Pattern.compile("(?i)(licen[cs]e|copying|notice|authors|copyright)([._-].*)?");

  private final List<PruneRule> rules;

  public PackagePruner(List<PruneRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Prunes {@code sitePackages} in place (and the standard library around it, for rules of
   * {@link CodeScope#STDLIB}: its parent directory).
   *
   * @param licenses where licence files are gathered (created when there are any)
   */
  public PruneReport prune(Path sitePackages, Path licenses) throws IOException {
    Map<String, long[]> tally = new LinkedHashMap<>();
    rules.forEach(r -> tally.put(r.name(), new long[2]));
    if (Files.isDirectory(sitePackages)) {
      walk(sitePackages, sitePackages, CodeScope.PACKAGES, null, tally);
    }
    Path stdlib = sitePackages.getParent();
    if (stdlib != null && Files.isDirectory(stdlib)
        && rules.stream().anyMatch(r -> r.scope() == CodeScope.STDLIB)) {
      walk(stdlib, stdlib, CodeScope.STDLIB, sitePackages, tally);
    }
    int licenseFiles = 0;
    for (Path distInfo : children(sitePackages)) {
      if (distInfo.getFileName().toString().endsWith(".dist-info")
          && Files.isDirectory(distInfo, LinkOption.NOFOLLOW_LINKS)) {
        licenseFiles += gatherLicenses(distInfo, licenses);
        RecordUpdater.update(distInfo, sitePackages);
      }
    }
    List<PruneReport.Entry> entries = new ArrayList<>();
    tally.forEach((name, sum) -> entries.add(new PruneReport.Entry(name, sum[0], (int) sum[1])));
    return new PruneReport(entries, licenseFiles);
  }

  private void walk(Path root, Path dir, CodeScope scope, Path skip,
      Map<String, long[]> tally) throws IOException {
    for (Path child : children(dir)) {
      if (child.equals(skip)) {
        continue;
      }
      PruneRule rule = firstMatch(scope, root.relativize(child));
      if (rule != null) {
        FileTrees.Measure removed = FileTrees.delete(child);
        long[] sum = tally.get(rule.name());
        sum[0] += removed.bytes();
        sum[1] += removed.files();
      } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        walk(root, child, scope, skip, tally);
      }
    }
  }

  private PruneRule firstMatch(CodeScope scope, Path relative) {
    for (PruneRule rule : rules) {
      if (rule.scope() == scope && rule.matches(relative)) {
        return rule;
      }
    }
    return null;
  }

  /** Moves licence files of one dist-info to {@code licenses/<dist-info name>/}. */
  private static int gatherLicenses(Path distInfo, Path licenses) throws IOException {
    String name = distInfo.getFileName().toString();
    Path target = licenses.resolve(name.substring(0, name.length() - ".dist-info".length()));
    List<Path> found = new ArrayList<>();
    for (Path child : children(distInfo)) {
      String file = child.getFileName().toString();
      if (file.equals("licenses") || file.equals("license_files")
          || LICENSE_FILE.matcher(file).matches()) {
        found.add(child);
      }
    }
    int moved = 0;
    for (Path source : found) {
      Path destination = target.resolve(source.getFileName().toString());
      Files.createDirectories(target);
      if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
        moved += FileTrees.measure(source).files();
        FileTrees.copy(source, destination);
        FileTrees.delete(source);
      } else {
        Files.move(source, destination);
        moved++;
      }
    }
    return moved;
  }

  private static List<Path> children(Path dir) throws IOException {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? FileTrees.sortedChildren(dir)
        : new ArrayList<>();
  }
}
