package dev.pylayer.pipeline;

import dev.pylayer.lock.InterpreterArchive;
import dev.pylayer.lock.LockFile;
import dev.pylayer.lock.LockedTarget;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.InvalidRequirementException;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.TargetEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans a target's wheels from a lock: the wheel the lock names for the target, with its URL and
 * sha256, and nothing asked of any index. The lock's requirements are the closure check's roots.
 */
final class LockedPlanner implements PackagePlanner {

  private final LockFile lock;
  private final String origin;

  /**
   * @param origin the lock's file name, for messages
   */
  LockedPlanner(LockFile lock, String origin) {
    this.lock = lock;
    this.origin = origin;
  }

  @Override
  public PackagePlan plan(TargetEnvironment target) {
    LockedTarget locked = lock.target(target).orElseThrow(() -> new BuildException(origin
        + " was not resolved for " + target + ": run pylayer lock"));
    List<PlannedWheel> wheels = new ArrayList<>();
    List<LockFile.Install> installs;
    try {
      installs = lock.installs(locked);
    } catch (IllegalStateException e) {
      throw new BuildException(origin + ": " + e.getMessage(), e);
    }
    for (LockFile.Install i : installs) {
      wheels.add(new PlannedWheel(i.pkg().name(), i.pkg().version(), i.wheel().filename(),
          i.wheel().url(), List.of(i.wheel().sha256()), origin));
    }
    List<Requirement> roots = new ArrayList<>();
    for (String text : lock.requirements()) {
      Requirement r;
      try {
        r = Requirement.parse(text);
      } catch (InvalidRequirementException e) {
        throw new BuildException(origin + ": requirement '" + text + "' is invalid: "
            + e.getMessage() + "; run pylayer lock", e);
      }
      if (r.marker().isEmpty() || r.marker().get().evaluate(target.markerEnvironment(), Set.of())) {
        roots.add(r);
      }
    }
    return new PackagePlan(roots, wheels, origin);
  }

  @Override
  public Optional<InterpreterArchive> interpreter(Arch arch) {
    return Optional.ofNullable(lock.interpreters().get(arch));
  }
}
