package dev.pylayer.lock;

import dev.pylayer.pep.PackageName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code [[packages]]} entry of a lock: a version of a project and its wheels for the
 * targets that use this version. A project locked at different versions for different targets
 * has one entry per version, told apart by their markers.
 *
 * @param name the project
 * @param version the version, as the index spells it
 * @param marker the PEP 508 marker of the targets that install this entry; empty when all do
 * @param index the simple repository it came from; empty for find-links files
 * @param wheels the wheels, sorted by file name
 */
public record LockedPackage(PackageName name, String version, Optional<String> marker,
    Optional<String> index, List<LockedWheel> wheels) {

  public LockedPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(marker, "marker");
    Objects.requireNonNull(index, "index");
    wheels = List.copyOf(wheels);
  }

  /** The wheel with this file name. */
  public Optional<LockedWheel> wheel(String filename) {
    return wheels.stream().filter(w -> w.filename().equals(filename)).findFirst();
  }
}
