package dev.pylayer.lock;

import dev.pylayer.pep.Arch;
import dev.pylayer.pep.GlibcVersion;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.TargetEnvironment;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One target a lock was resolved for ({@code [[tool.pylayer.targets]]}) and the wheel it
 * installs of each package, so installing needs no tag matching at all.
 *
 * @param arch the architecture
 * @param python the Python version the target was resolved for ({@code 3.11.0})
 * @param glibc the manylinux ceiling
 * @param wheels file name of the wheel of each package, sorted by package
 */
public record LockedTarget(Arch arch, String python, GlibcVersion glibc,
    Map<PackageName, String> wheels) {

  public LockedTarget {
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(python, "python");
    Objects.requireNonNull(glibc, "glibc");
    wheels = Collections.unmodifiableMap(new TreeMap<>(wheels));
  }

  /** The target of a {@link TargetEnvironment}, without wheels yet. */
  static LockedTarget of(TargetEnvironment target, Map<PackageName, String> wheels) {
    return new LockedTarget(target.arch(), target.pythonFullVersion(), target.glibc(), wheels);
  }

  /** Whether this is the entry for {@code target}. */
  public boolean matches(TargetEnvironment target) {
    return arch == target.arch() && python.equals(target.pythonFullVersion())
        && glibc.equals(target.glibc());
  }

  /** {@code x86_64-cp311-manylinux_2_26}: a name for messages and the export's file names. */
  public String name() {
    String[] v = python.split("\\.");
    return arch.wheelMachine() + "-cp" + v[0] + v[1] + "-manylinux_" + glibc.major() + "_"
        + glibc.minor();
  }
}
