package dev.pylayer.lock;

import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Version;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One project's known versions during one resolution, and which of them cannot be chosen and
 * why. Exclusions only grow (a version found unusable stays so), which keeps every "no version
 * of p in S" the resolver learned true until the end.
 */
final class ProjectVersions {

  private final PackageName name;
  private final KnownVersions universe;
  private final BitSet excluded = new BitSet();
  private final Map<Integer, String> reasons = new HashMap<>();
  private final BitSet yanked = new BitSet();

  ProjectVersions(PackageName name, List<CandidateVersion> candidates) {
    this.name = name;
    List<Version> versions = new ArrayList<>();
    for (CandidateVersion c : candidates) {
      versions.add(c.version());
    }
    this.universe = KnownVersions.of(versions);
    // A version listed twice (two indexes) is usable if any listing is.
    BitSet usable = new BitSet();
    BitSet unyanked = new BitSet();
    for (CandidateVersion c : candidates) {
      int i = universe.indexOf(c.version());
      if (c.unusableReason().isPresent()) {
        reasons.putIfAbsent(i, c.unusableReason().get());
      } else {
        usable.set(i);
        if (!c.yanked()) {
          unyanked.set(i);
        }
      }
    }
    for (int i = 0; i < universe.size(); i++) {
      if (!usable.get(i)) {
        excluded.set(i);
      } else {
        reasons.remove(i);
        if (!unyanked.get(i)) {
          yanked.set(i);
        }
      }
    }
  }

  PackageName name() {
    return name;
  }

  KnownVersions universe() {
    return universe;
  }

  boolean isExcluded(int index) {
    return excluded.get(index);
  }

  boolean isYanked(int index) {
    return yanked.get(index);
  }

  /** Marks a version unusable for the rest of the resolution; the first reason given stays. */
  void exclude(int index, String reason) {
    if (!excluded.get(index)) {
      excluded.set(index);
      reasons.put(index, reason);
    }
  }

  /** Whether some version not excluded yet is a final release. */
  boolean hasUsableFinalRelease() {
    for (int i = excluded.nextClearBit(0); i < universe.size(); i = excluded.nextClearBit(i + 1)) {
      if (!universe.get(i).isPrerelease()) {
        return true;
      }
    }
    return false;
  }

  /** The versions of {@code set} not excluded. */
  VersionSet usable(VersionSet set) {
    return set.without(excluded);
  }

  /** Why the versions of {@code set} cannot be used, newest first. */
  List<String> reasons(VersionSet set) {
    List<String> out = new ArrayList<>();
    for (int i = set.highest(); i >= 0; i = set.previous(i)) {
      String r = reasons.get(i);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }
}
