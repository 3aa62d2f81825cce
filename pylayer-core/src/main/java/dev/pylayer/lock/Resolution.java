package dev.pylayer.lock;

import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Version;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The packages a resolution chose for one target, by name. Immutable. */
public final class Resolution {

  private final Map<PackageName, ResolvedPackage> packages;

  Resolution(Map<PackageName, ResolvedPackage> packages) {
    this.packages = Collections.unmodifiableMap(new TreeMap<>(packages));
  }

  /** Every chosen package, sorted by name. */
  public Map<PackageName, ResolvedPackage> packages() {
    return packages;
  }

  /** The version chosen for a package, if it is part of the resolution. */
  public Optional<Version> version(PackageName name) {
    ResolvedPackage p = packages.get(name);
    return p == null ? Optional.empty() : Optional.of(p.version());
  }

  @Override
  public String toString() {
    return packages.values().toString();
  }
}
