package dev.pylayer.wheel;

import dev.pylayer.index.DistributionFile;
import dev.pylayer.index.ProjectFiles;
import dev.pylayer.pep.BuildTag;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Tag;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.pep.Version;
import dev.pylayer.pep.WheelFilename;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Picks the wheel of one pinned version that suits a target best: the one whose best tag comes
 * first in the target's {@link TargetEnvironment#supportedTags() supported tags}, then the highest
 * build tag (PEP 427). Sdists never qualify: pylayer builds nothing.
 */
public final class WheelSelector {

  private final TargetEnvironment target;

  public WheelSelector(TargetEnvironment target) {
    this.target = target;
  }

  /** A chosen wheel, its parsed name and the tag that made it fit. */
  public record Selection(DistributionFile file, WheelFilename wheel, Tag tag) {}

  /**
   * The best wheel of {@code version} among {@code files}.
   *
   * @throws NoCompatibleWheelException naming the project, the version and what exists instead:
   *     the versions on the index when the version is missing, the tags of its wheels when none
   *     fits the target
   */
  public Selection select(ProjectFiles files, Version version) {
    PackageName project = files.project();
    List<WheelFilename> ofVersion = new ArrayList<>();
    List<DistributionFile> ofVersionFiles = new ArrayList<>();
    TreeSet<Version> versions = new TreeSet<>();
    boolean sdistOnly = false;
    for (DistributionFile file : files.files()) {
      Optional<WheelFilename> wheel = WheelFilename.parseIfWheel(file.filename());
      if (wheel.isEmpty()) {
        sdistOnly |= isSdistOf(file.filename(), version);
        continue;
      }
      versions.add(wheel.get().version());
      if (wheel.get().name().equals(project) && wheel.get().version().equals(version)) {
        ofVersion.add(wheel.get());
        ofVersionFiles.add(file);
      }
    }
    Selection best = null;
    int bestRank = Integer.MAX_VALUE;
    for (int i = 0; i < ofVersion.size(); i++) {
      WheelFilename wheel = ofVersion.get(i);
      Optional<Tag> tag = target.bestTag(wheel.tags());
      if (tag.isEmpty()) {
        continue;
      }
      OptionalInt rank = target.tagPriority(tag.get());
      int r = rank.orElse(Integer.MAX_VALUE);
      if (best == null || r < bestRank
          || (r == bestRank && BUILD_TAG.compare(wheel, best.wheel()) > 0)) {
        best = new Selection(ofVersionFiles.get(i), wheel, tag.get());
        bestRank = r;
      }
    }
    if (best != null) {
      return best;
    }
    throw new NoCompatibleWheelException(describeMiss(project, version, ofVersion, versions,
        sdistOnly, files));
  }

  private String describeMiss(PackageName project, Version version, List<WheelFilename> ofVersion,
      TreeSet<Version> versions, boolean sdistOnly, ProjectFiles files) {
    String targetName = target.arch().lambdaName() + "/" + target.interpreterTag() + "/manylinux_"
        + target.glibc().major() + "_" + target.glibc().minor();
    if (files.isEmpty()) {
      return project + " is on none of the indexes searched (" + files.searched() + ")"
          + (files.unreachable().isEmpty() ? "" : "; unreachable: " + files.unreachable())
          + ": check its name, or add the index or a --find-links directory that has it";
    }
    if (ofVersion.isEmpty()) {
      return "no wheel of " + project + " " + version + " on the indexes searched"
          + (sdistOnly ? " (only an sdist, and pylayer builds no sdists)" : "")
          + "; wheel versions there: " + abbreviate(versions)
          + ": pin one of those, or add an index or --find-links directory with " + version;
    }
    TreeSet<String> tags = new TreeSet<>();
    for (WheelFilename wheel : ofVersion) {
      wheel.tags().forEach(t -> tags.add(t.toString()));
    }
    return "no wheel of " + project + " " + version + " fits " + targetName + ": its wheels are "
        + String.join(", ", tags) + ". Pin a version with a wheel for this target, build on"
        + " another --arch or --runtime, or add a --find-links directory with a fitting wheel"
        + " (pylayer builds no sdists)";
  }

  private static String abbreviate(TreeSet<Version> versions) {
    if (versions.isEmpty()) {
      return "none";
    }
    List<String> newest = new ArrayList<>();
    for (Version v : versions.descendingSet()) {
      if (newest.size() == 10) {
        newest.add("...");
        break;
      }
      newest.add(v.toString());
    }
    return String.join(", ", newest);
  }

  private static final Comparator<WheelFilename> BUILD_TAG =
      Comparator.comparing(
          (WheelFilename w) -> w.buildTag().orElse(null),
          Comparator.nullsFirst(Comparator.<BuildTag>naturalOrder()));


  private static boolean isSdistOf(String filename, Version version) {
    return (filename.endsWith(".tar.gz") || filename.endsWith(".zip"))
        && filename.contains("-" + version + ".");
  }
}
