package dev.pylayer.lock;

import dev.pylayer.index.DistributionFile;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.ProjectFiles;
import dev.pylayer.wheel.CoreMetadata;
import dev.pylayer.wheel.NoCompatibleWheelException;
import dev.pylayer.wheel.WheelSelector;
import dev.pylayer.pep.InvalidRequirementException;
import dev.pylayer.pep.InvalidSpecifierException;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.SpecifierSet;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.pep.Version;
import dev.pylayer.pep.WheelFilename;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The real index as the resolver sees it for one target: a version is usable when one of its
 * wheels fits the target's tags and its Requires-Python (from the index page, then from the
 * metadata) admits the target's Python. Sdists never count: pylayer builds nothing, so a version
 * with only an sdist is listed as unusable with that reason, which ends up in the explanation.
 */
final class IndexPackageSource implements PackageSource {

  private final IndexClient index;
  private final MetadataFetcher metadata;
  private final TargetEnvironment target;
  private final WheelSelector selector;
  private final Version python;
  private final ExecutorService prefetcher;
  private final Set<PackageName> prefetched = ConcurrentHashMap.newKeySet();

  /**
   * @param prefetcher runs background page fetches for {@link #prefetch}; null for none
   */
  IndexPackageSource(IndexClient index, MetadataFetcher metadata, TargetEnvironment target,
      ExecutorService prefetcher) {
    this.index = index;
    this.metadata = metadata;
    this.target = target;
    this.selector = new WheelSelector(target);
    this.python = Version.parse(target.pythonFullVersion());
    this.prefetcher = prefetcher;
  }

  /** {@code x86_64/cp311/manylinux_2_26}: the target as explanations name it. */
  static String describe(TargetEnvironment target) {
    return target.arch().wheelMachine() + "/" + target.interpreterTag() + "/manylinux_"
        + target.glibc().major() + "_" + target.glibc().minor();
  }

  @Override
  public List<CandidateVersion> versions(PackageName project) throws IOException {
    ProjectFiles files = index.files(project);
    Map<Version, List<DistributionFile>> wheels = new LinkedHashMap<>();
    Map<Version, Boolean> sdists = new LinkedHashMap<>();
    for (DistributionFile file : files.files()) {
      Optional<WheelFilename> wheel = WheelFilename.parseIfWheel(file.filename());
      if (wheel.isPresent()) {
        if (wheel.get().name().equals(project)) {
          wheels.computeIfAbsent(wheel.get().version(), v -> new ArrayList<>()).add(file);
        }
      } else {
        sdistVersion(project, file.filename()).ifPresent(v -> sdists.put(v, true));
      }
    }
    List<CandidateVersion> out = new ArrayList<>();
    for (Map.Entry<Version, List<DistributionFile>> e : wheels.entrySet()) {
      out.add(candidate(project, e.getKey(), e.getValue()));
    }
    for (Version v : sdists.keySet()) {
      if (!wheels.containsKey(v)) {
        out.add(CandidateVersion.unusable(v, project + " " + v + " has no wheel, only an sdist,"
            + " and pylayer builds no sdists"));
      }
    }
    return out;
  }

  private CandidateVersion candidate(PackageName project, Version version,
      List<DistributionFile> files) {
    boolean anyFits = false;
    boolean allYanked = true;
    String pythonProblem = null;
    TreeSet<String> tags = new TreeSet<>();
    for (DistributionFile file : files) {
      WheelFilename wheel = WheelFilename.parseIfWheel(file.filename()).orElseThrow();
      if (target.bestTag(wheel.tags()).isEmpty()) {
        wheel.tags().forEach(t -> tags.add(t.toString()));
        continue;
      }
      Optional<String> requires = file.requiresPython();
      if (requires.isPresent() && !admitsPython(requires.get())) {
        pythonProblem = project + " " + version + " requires Python " + requires.get().strip();
        continue;
      }
      anyFits = true;
      allYanked &= file.yanked();
    }
    if (anyFits) {
      return CandidateVersion.usable(version, allYanked);
    }
    if (pythonProblem != null) {
      return CandidateVersion.unusable(version, pythonProblem + " but the target has "
          + target.pythonFullVersion());
    }
    return CandidateVersion.unusable(version, "no wheel of " + project + " " + version + " fits "
        + describe(target) + " (its wheels are " + abbreviate(tags) + ")");
  }

  private boolean admitsPython(String specifiers) {
    try {
      return SpecifierSet.parse(specifiers).contains(python, true);
    } catch (InvalidSpecifierException e) {
      return true; // pip ignores a Requires-Python it cannot parse; so do we
    }
  }

  @Override
  public VersionMetadata metadata(PackageName project, Version version) throws IOException {
    DistributionFile file = wheel(project, version);
    byte[] bytes = metadata.fetch(file, project);
    CoreMetadata parsed = CoreMetadata.parse(new String(bytes, StandardCharsets.UTF_8));
    Optional<String> requiresPython = parsed.requiresPython();
    if (requiresPython.isPresent() && !admitsPython(requiresPython.get())) {
      return VersionMetadata.unusable(project + " " + version + " requires Python "
          + requiresPython.get().strip() + " but the target has " + target.pythonFullVersion());
    }
    List<Requirement> requires = new ArrayList<>();
    for (String line : parsed.requiresDist()) {
      String text = line.replace('\n', ' ');
      try {
        requires.add(Requirement.parse(text));
      } catch (InvalidRequirementException e) {
        return VersionMetadata.unusable(project + " " + version + " has an invalid Requires-Dist '"
            + text + "' in " + file.filename());
      }
    }
    return VersionMetadata.of(requires);
  }

  /**
   * The wheel of {@code version} the target installs: the best tag, then the highest build tag,
   * among the files the page's Requires-Python admits, unyanked ones first (a yanked file is
   * taken only when the version has nothing else, i.e. when it was pinned exactly).
   */
  DistributionFile wheel(PackageName project, Version version) throws IOException {
    ProjectFiles files = index.files(project);
    List<DistributionFile> admitted = new ArrayList<>();
    List<DistributionFile> unyanked = new ArrayList<>();
    for (DistributionFile f : files.files()) {
      if (f.requiresPython().isEmpty() || admitsPython(f.requiresPython().get())) {
        admitted.add(f);
        if (!f.yanked()) {
          unyanked.add(f);
        }
      }
    }
    try {
      return selector.select(new ProjectFiles(project, unyanked, files.searched(),
          files.unreachable()), version).file();
    } catch (NoCompatibleWheelException e) {
      try {
        return selector.select(new ProjectFiles(project, admitted, files.searched(),
            files.unreachable()), version).file();
      } catch (NoCompatibleWheelException again) {
        throw new IOException(again.getMessage(), again);
      }
    }
  }

  /**
   * Reads the projects' pages in the background and then the metadata of the version the
   * resolver will most likely try first (the newest usable final release), so that on a real
   * index the round trips overlap instead of adding up. At most one metadata read per project
   * is wasted when the guess is wrong.
   */
  @Override
  public void prefetch(Collection<PackageName> projects) {
    if (prefetcher == null) {
      return;
    }
    for (PackageName p : projects) {
      if (prefetched.add(p)) {
        prefetcher.execute(() -> {
          try {
            Optional<Version> likely = likelyChoice(versions(p));
            if (likely.isPresent()) {
              metadata.fetch(wheel(p, likely.get()), p);
            }
          } catch (IOException | RuntimeException e) {
            // The resolver asks again in the foreground and reports the failure there.
          }
        });
      }
    }
  }

  private static Optional<Version> likelyChoice(List<CandidateVersion> candidates) {
    Version best = null;
    for (CandidateVersion c : candidates) {
      Version v = c.version();
      if (c.unusableReason().isEmpty() && !c.yanked() && !v.isPrerelease()
          && (best == null || v.compareTo(best) > 0)) {
        best = v;
      }
    }
    return Optional.ofNullable(best);
  }


  /** The version of an sdist of {@code project} ({@code name-1.0.tar.gz}), if it is one. */
  private static Optional<Version> sdistVersion(PackageName project, String filename) {
    String stem;
    if (filename.endsWith(".tar.gz")) {
      stem = filename.substring(0, filename.length() - 7);
    } else if (filename.endsWith(".zip")) {
      stem = filename.substring(0, filename.length() - 4);
    } else {
      return Optional.empty();
    }
    int dash = stem.lastIndexOf('-');
    if (dash <= 0 || !PackageName.normalize(stem.substring(0, dash)).equals(project.value())) {
      return Optional.empty();
    }
    return Version.tryParse(stem.substring(dash + 1));
  }

  private static String abbreviate(TreeSet<String> tags) {
    List<String> shown = new ArrayList<>();
    for (String t : tags) {
      if (shown.size() == 4) {
        shown.add("... " + (tags.size() - 4) + " more");
        break;
      }
      shown.add(t);
    }
    return String.join(", ", shown);
  }

}
