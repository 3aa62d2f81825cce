package dev.pylayer.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link PythonExec#run} produced.
 *
 * @param exitCode the interpreter's exit code; 128 + signal when killed (e.g. 137 after a timeout)
 * @param stdout everything printed to standard output, decoded as UTF-8
 * @param stderr everything printed to standard error, decoded as UTF-8
 * @param duration wall time from start to exit
 * @param timedOut whether the run hit its timeout and was killed (with its child processes)
 */
public record ExecResult(
    int exitCode, String stdout, String stderr, Duration duration, boolean timedOut) {

  /** Checks the components are present. */
  public ExecResult {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(duration, "duration");
  }

  /** Whether the code ran to completion with exit code 0. */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }
}
