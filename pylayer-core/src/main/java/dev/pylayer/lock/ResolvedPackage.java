package dev.pylayer.lock;

import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Version;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** One package of a {@link Resolution}: its version, the extras used and what it depends on. */
public final class ResolvedPackage {

  private final PackageName name;
  private final Version version;
  private final Set<String> extras;
  private final Set<PackageName> dependencies;

  ResolvedPackage(PackageName name, Version version, Set<String> extras,
      Set<PackageName> dependencies) {
    this.name = Objects.requireNonNull(name);
    this.version = Objects.requireNonNull(version);
    this.extras = Collections.unmodifiableSet(new TreeSet<>(extras));
    this.dependencies = Collections.unmodifiableSet(new TreeSet<>(dependencies));
  }

  public PackageName name() {
    return name;
  }

  public Version version() {
    return version;
  }

  /** The extras some requirement asked for, sorted. */
  public Set<String> extras() {
    return extras;
  }

  /** The packages of the resolution this one depends on for the target, sorted. */
  public Set<PackageName> dependencies() {
    return dependencies;
  }

  @Override
  public String toString() {
    return name + (extras.isEmpty() ? "" : extras.toString()) + "==" + version;
  }
}
