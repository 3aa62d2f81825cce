package dev.pylayer.process;

import java.time.Duration;
import java.util.List;

/**
 * How a finished (or timed-out) command ended.
 *
 * @param command the command line, for messages
 * @param exitCode the exit code; -1 when it was killed at its timeout
 * @param stdout standard output (the last part when it was longer than the runner's cap)
 * @param stderr standard error (likewise)
 * @param elapsed wall time from start to exit
 * @param timedOut whether the runner killed it at its timeout
 */
public record CommandResult(
    List<String> command, int exitCode, String stdout, String stderr, Duration elapsed,
    boolean timedOut) {

  public CommandResult {
    command = List.copyOf(command);
  }

  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }

  /** Standard output then standard error, for reports and messages. */
  public String combinedOutput() {
    if (stderr.isEmpty()) {
      return stdout;
    }
    if (stdout.isEmpty()) {
      return stderr;
    }
    return stdout + (stdout.endsWith("\n") ? "" : "\n") + stderr;
  }
}
