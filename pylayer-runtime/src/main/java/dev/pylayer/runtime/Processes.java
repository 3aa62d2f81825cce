package dev.pylayer.runtime;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Process helpers shared by {@link PythonExec} and the worker. */
final class Processes {
  private Processes() {}

  /**
   * Kills {@code process} and everything it started. The descendants are listed before the parent
   * dies, because once it is gone they are re-parented and no longer found through it.
   */
  static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
    process.destroyForcibly();
    for (ProcessHandle child : descendants) {
      child.destroyForcibly();
    }
  }

  /** Waits up to {@code millis} for the process to exit; returns whether it did. */
  static boolean waitFor(Process process, long millis) {
    try {
      return process.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** Describes an exit code, naming the signal for codes above 128 (e.g. 137 = SIGKILL). */
  static String describeExit(int code) {
    if (code > 128 && code < 160) {
      int signal = code - 128;
      String name = signal == 9 ? "SIGKILL" : signal == 15 ? "SIGTERM" : signal == 11 ? "SIGSEGV" : signal == 6 ? "SIGABRT" : "signal " + signal;
      return "exit code " + code + " (killed by " + name + ")";
    }
    return "exit code " + code;
  }
}
