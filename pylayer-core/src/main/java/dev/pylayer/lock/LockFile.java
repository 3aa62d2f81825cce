package dev.pylayer.lock;

import dev.pylayer.pep.Arch;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.pep.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A lock: the PEP 751 {@code pylock.toml} contents (packages with their wheels, URLs, sizes and
 * hashes) plus pylayer's own table ({@code [tool.pylayer]}): the fingerprint of the inputs it was
 * resolved from, the requirements and constraints, the targets with the wheel each installs, and
 * the interpreter archive of each architecture. Everything needed to install with no resolution
 * and no index call. Immutable; read and written by {@link LockFileFormat}.
 */
public final class LockFile {

  /** The PEP 751 version this writer produces. */
  public static final String LOCK_VERSION = "1.0";

  private final String createdBy;
  private final String requiresPython;
  private final List<String> environments;
  private final List<LockedPackage> packages;
  private final String fingerprint;
  private final List<String> requirements;
  private final List<String> constraints;
  private final List<LockedTarget> targets;
  private final Map<Arch, InterpreterArchive> interpreters;

  LockFile(String createdBy, String requiresPython, List<String> environments,
      List<LockedPackage> packages, String fingerprint, List<String> requirements,
      List<String> constraints, List<LockedTarget> targets,
      Map<Arch, InterpreterArchive> interpreters) {
    this.createdBy = Objects.requireNonNull(createdBy);
    this.requiresPython = Objects.requireNonNull(requiresPython);
    this.environments = List.copyOf(environments);
    this.packages = List.copyOf(packages);
    this.fingerprint = Objects.requireNonNull(fingerprint);
    this.requirements = List.copyOf(requirements);
    this.constraints = List.copyOf(constraints);
    this.targets = List.copyOf(targets);
    EnumMap<Arch, InterpreterArchive> copy = new EnumMap<>(Arch.class);
    copy.putAll(interpreters);
    this.interpreters = Collections.unmodifiableMap(copy);
  }

  /** The tool that wrote the lock ({@code created-by}). */
  public String createdBy() {
    return createdBy;
  }

  /** {@code requires-python}: the Python versions of the targets. */
  public String requiresPython() {
    return requiresPython;
  }

  /** {@code environments}: one marker per target. */
  public List<String> environments() {
    return environments;
  }

  /** {@code [[packages]]}, sorted by name then version. */
  public List<LockedPackage> packages() {
    return packages;
  }

  /** The sha256 of the resolution inputs ({@link LockRequest#fingerprint()}). */
  public String fingerprint() {
    return fingerprint;
  }

  /** The top-level requirements the lock was resolved for (PEP 508, as written). */
  public List<String> requirements() {
    return requirements;
  }

  /** The constraints it was resolved with. */
  public List<String> constraints() {
    return constraints;
  }

  /** The targets, in the order they were given. */
  public List<LockedTarget> targets() {
    return targets;
  }

  /** The interpreter archive of each architecture, when the lock pins one. */
  public Map<Arch, InterpreterArchive> interpreters() {
    return interpreters;
  }

  /** The entry for {@code target}, if the lock was resolved for it. */
  public Optional<LockedTarget> target(TargetEnvironment target) {
    return targets.stream().filter(t -> t.matches(target)).findFirst();
  }

  /** A package and the wheel a target installs of it. */
  public record Install(LockedPackage pkg, LockedWheel wheel) {}

  /**
   * What {@code target} installs, sorted by package name.
   *
   * @throws IllegalStateException if the lock does not name a wheel it lists (a hand-edited lock)
   */
  public List<Install> installs(LockedTarget target) {
    List<Install> out = new ArrayList<>();
    target.wheels().forEach((name, filename) -> {
      Install found = null;
      for (LockedPackage p : packages) {
        if (p.name().equals(name) && p.wheel(filename).isPresent()) {
          found = new Install(p, p.wheel(filename).get());
          break;
        }
      }
      if (found == null) {
        throw new IllegalStateException("the lock's target " + target.name() + " installs "
            + filename + " of " + name + ", but no [[packages]] entry lists that wheel: the lock"
            + " was edited by hand; run pylayer lock again");
      }
      out.add(found);
    });
    return out;
  }

  /** The version each package has for {@code target} (preferences for the next resolution). */
  public Map<PackageName, Version> versions(LockedTarget target) {
    Map<PackageName, Version> out = new LinkedHashMap<>();
    for (Install i : installs(target)) {
      Version.tryParse(i.pkg().version()).ifPresent(v -> out.put(i.pkg().name(), v));
    }
    return out;
  }
}
