package dev.pylayer.doctor;

import java.util.Objects;

/**
 * One thing {@code pylayer doctor} found out about this machine.
 *
 * @param check short name of what was checked, e.g. {@code jdk}, {@code index}
 * @param status whether it is fine, limits the build, or stops a default build
 * @param summary what was found, in one line (never a secret)
 * @param fix what to do about it; empty when nothing needs doing
 */
public record Finding(String check, Status status, String summary, String fix) {

  /** How much a finding matters. */
  public enum Status {
    /** Works. */
    OK,
    /** A default build still runs, with less (no smoke under emulation, no stripping, no publish). */
    WARN,
    /** A default build cannot run until this is fixed. */
    FAIL
  }

  public Finding {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    fix = fix == null ? "" : fix;
  }

  static Finding ok(String check, String summary) {
    return new Finding(check, Status.OK, summary, "");
  }

  static Finding warn(String check, String summary, String fix) {
    return new Finding(check, Status.WARN, summary, fix);
  }

  static Finding fail(String check, String summary, String fix) {
    return new Finding(check, Status.FAIL, summary, fix);
  }
}
