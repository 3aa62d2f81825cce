package dev.pylayer.lock;

import dev.pylayer.pep.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every version an index lists for one project, sorted oldest first; the universe that {@link
 * VersionSet}s of that project are subsets of. Known up front because a resolver reads the whole
 * project page before it picks a version, which lets version sets be plain bit sets instead of
 * PEP 440 interval algebra (with its pre-release and local-version corner cases).
 */
final class KnownVersions {

  private final List<Version> versions;
  private final Map<Version, Integer> indexes;

  private KnownVersions(List<Version> versions) {
    this.versions = Collections.unmodifiableList(versions);
    Map<Version, Integer> map = new HashMap<>();
    for (int i = 0; i < versions.size(); i++) {
      map.put(versions.get(i), i);
    }
    this.indexes = map;
  }

  /** The distinct versions, in any order. */
  static KnownVersions of(Iterable<Version> versions) {
    TreeSet<Version> sorted = new TreeSet<>();
    for (Version v : versions) {
      sorted.add(v);
    }
    return new KnownVersions(new ArrayList<>(sorted));
  }

  int size() {
    return versions.size();
  }

  Version get(int index) {
    return versions.get(index);
  }

  /** The index of a version, or -1 when the index does not list it. */
  int indexOf(Version version) {
    Integer i = indexes.get(version);
    return i == null ? -1 : i;
  }

  List<Version> all() {
    return versions;
  }
}
