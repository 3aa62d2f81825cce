package dev.pylayer.lock;

import java.util.List;

/**
 * pip's {@code requirements.txt} from a lock, with a {@code --hash=sha256:} option for every
 * wheel so {@code pip install --require-hashes} (implied by the hashes) verifies each download.
 */
public final class RequirementsExport {

  private RequirementsExport() {}

  /**
   * Every package of the lock, each line carrying its marker when only some targets install it,
   * and the hashes of all its locked wheels.
   */
  public static String allTargets(LockFile lock) {
    StringBuilder out = header(lock, "every target; markers select per machine and Python");
    for (LockedPackage p : lock.packages()) {
      line(out, p, p.marker().orElse(null), p.wheels());
    }
    return out.toString();
  }

  /** The packages of one target, each with the hash of exactly the wheel that target installs. */
  public static String forTarget(LockFile lock, LockedTarget target) {
    StringBuilder out = header(lock, "target " + target.name());
    for (LockFile.Install i : lock.installs(target)) {
      line(out, i.pkg(), null, List.of(i.wheel()));
    }
    return out.toString();
  }

  private static StringBuilder header(LockFile lock, String what) {
    return new StringBuilder()
        .append("# Exported by pylayer from its lock (").append(what).append(").\n")
        .append("# Install with: pip install --only-binary=:all: -r <this file>\n");
  }

  private static void line(StringBuilder out, LockedPackage p, String marker,
      List<LockedWheel> wheels) {
    out.append(p.name().value()).append("==").append(p.version());
    if (marker != null) {
      out.append(" ; ").append(marker);
    }
    for (LockedWheel w : wheels) {
      out.append(" \\\n    --hash=sha256:").append(w.sha256());
    }
    out.append('\n');
  }
}
