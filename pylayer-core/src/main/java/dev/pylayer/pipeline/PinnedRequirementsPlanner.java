package dev.pylayer.pipeline;

import dev.pylayer.index.DistributionFile;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSettings;
import dev.pylayer.index.ProjectFiles;
import dev.pylayer.wheel.NoCompatibleWheelException;
import dev.pylayer.install.RequirementLine;
import dev.pylayer.install.RequirementsFile;
import dev.pylayer.install.RequirementsFileException;
import dev.pylayer.wheel.WheelSelector;
import dev.pylayer.pep.InvalidRequirementException;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.Specifier;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.pep.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the wheels of a pinned requirements file (pip's format) for one target, with no
 * resolution: every requirement whose marker holds must be pinned with {@code ==} (or {@code
 * ===}); each pin gets the best wheel for the target's tags. Hashes come from the file's {@code
 * --hash} options, else from the index. Index options in the file ({@code -i}, {@code
 * --extra-index-url}, {@code -f}, {@code --no-index}) apply where the spec and the command line
 * give none.
 */
final class PinnedRequirementsPlanner {

  private final BuildContext context;

  PinnedRequirementsPlanner(BuildContext context) {
    this.context = context;
  }

  /** The parsed file, with errors that name the file and line. */
  RequirementsFile read(Path file) throws IOException {
    try {
      return RequirementsFile.parse(file, context.env());
    } catch (RequirementsFileException e) {
      throw new BuildException(e.getMessage(), e);
    }
  }

  /** Index settings: the spec's over the file's (pip's configuration comes below both). */
  IndexSettings indexSettings(RequirementsFile file, IndexSettings spec) {
    IndexSettings.Builder fromFile = IndexSettings.builder();
    file.indexUrl().ifPresent(fromFile::indexUrl);
    if (!file.extraIndexUrls().isEmpty()) {
      fromFile.extraIndexUrls(file.extraIndexUrls());
    }
    if (!file.findLinks().isEmpty()) {
      fromFile.findLinks(file.findLinks());
    }
    if (file.noIndex()) {
      fromFile.noIndex(true);
    }
    return spec.overriding(fromFile.build());
  }

  /**
   * Whether every requirement of the file is pinned to one version ({@code ==} or {@code ===}),
   * whatever its marker: then it is installed without resolving.
   */
  /**
   * Whether {@code file} is a complete set as pip's {@code --require-hashes} expects one: every
   * requirement pinned with {@code ==} and carrying {@code --hash} values. Such a file is
   * installed as it is; any other lists top-level requirements to resolve.
   */
  static boolean hashPinned(RequirementsFile file) {
    if (!allPinned(file)) {
      return false;
    }
    for (RequirementLine line : file.requirements()) {
      if (line.sha256Hashes().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  static boolean allPinned(RequirementsFile file) {
    if (file.requirements().isEmpty()) {
      return false;
    }
    for (RequirementLine line : file.requirements()) {
      try {
        if (pinnedVersion(Requirement.parse(line.requirement())).isEmpty()) {
          return false;
        }
      } catch (InvalidRequirementException e) {
        return true; // plan() reports the line with its location
      }
    }
    return true;
  }

  PackagePlan plan(RequirementsFile file, TargetEnvironment target, IndexClient index)
      throws IOException {
    List<Requirement> roots = new ArrayList<>();
    List<RequirementLine> pinned = new ArrayList<>();
    List<String> unpinned = new ArrayList<>();
    for (RequirementLine line : file.requirements()) {
      Requirement requirement;
      try {
        requirement = Requirement.parse(line.requirement());
      } catch (InvalidRequirementException e) {
        throw new BuildException(line.location() + ": " + e.getMessage(), e);
      }
      if (requirement.marker().isPresent()
          && !requirement.marker().get().evaluate(target.markerEnvironment(), Set.of())) {
        continue;
      }
      if (pinnedVersion(requirement).isEmpty()) {
        unpinned.add(line.location() + " '" + line.requirement() + "'");
        continue;
      }
      roots.add(requirement);
      pinned.add(line);
    }
    if (!unpinned.isEmpty()) {
      throw new BuildException("these requirements are not pinned to one version, and a"
          + " requirements file is installed without resolving:\n  " + String.join("\n  ", unpinned)
          + "\npin each (name==version), or list them in pylayer.toml [packages] requirements"
          + " and let pylayer lock resolve them");
    }
    List<PlannedWheel> wheels = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    WheelSelector selector = new WheelSelector(target);
    for (int i = 0; i < roots.size(); i++) {
      Requirement requirement = roots.get(i);
      RequirementLine line = pinned.get(i);
      Version version = pinnedVersion(requirement).orElseThrow();
      ProjectFiles files = index.files(requirement.name());
      try {
        WheelSelector.Selection chosen = selector.select(files, version);
        wheels.add(planned(requirement, version, chosen.file(), line));
      } catch (NoCompatibleWheelException | BuildException e) {
        problems.add(line.location() + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new BuildException(String.join("\n", problems));
    }
    return new PackagePlan(roots, wheels, file.files().get(0).toString());
  }

  /** The version of {@code name==V} or {@code name===V}; empty for anything looser. */
  static Optional<Version> pinnedVersion(Requirement requirement) {
    List<Specifier> specifiers = requirement.specifier().specifiers();
    if (specifiers.size() != 1) {
      return Optional.empty();
    }
    Specifier only = specifiers.get(0);
    boolean exact = only.operator().equals("===")
        || (only.operator().equals("==") && !only.version().endsWith(".*"));
    return exact ? Version.tryParse(only.version()) : Optional.empty();
  }

  private static PlannedWheel planned(Requirement requirement, Version version,
      DistributionFile file, RequirementLine line) {
    List<String> pins = line.sha256Hashes();
    Optional<String> indexHash = file.sha256();
    List<String> hashes;
    if (!pins.isEmpty()) {
      if (indexHash.isPresent() && !pins.contains(indexHash.get())) {
        throw new BuildException("the index's " + file.filename() + " has sha256 "
            + indexHash.get() + ", which is none of the --hash values pinned for "
            + requirement.name() + "; the file changed, or the pins are for another wheel: check"
            + " the index and update the hashes");
      }
      hashes = indexHash.map(List::of).orElse(pins);
    } else {
      hashes = indexHash.map(List::of).orElse(List.of());
    }
    PlannedWheel wheel = new PlannedWheel(requirement.name(), version.toString(), file.filename(),
        file.url(), new ArrayList<>(new LinkedHashSet<>(hashes)), line.location());
    if (hashes.isEmpty() && !wheel.isLocal()) {
      throw new BuildException(file.filename() + " (" + file.url() + ") has no sha256 on the"
          + " index and none is pinned: downloads are verified before use, so add"
          + " --hash=sha256:... to the requirement, or use an index that publishes hashes");
    }
    return wheel;
  }
}
