package dev.pylayer.cli;

import dev.pylayer.pipeline.BuildListener;
import java.io.PrintStream;

/**
 * Shows a build's progress on standard error (standard output carries the report), one line a
 * step; download progress at most every 10% of a file, so logs stay readable in CI.
 */
final class ConsoleListener implements BuildListener {

  private final PrintStream err;
  private final boolean quiet;
  private String lastFile;
  private long lastTenth = -1;

  ConsoleListener(PrintStream err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  @Override
  public void step(String message) {
    if (!quiet) {
      err.println("pylayer: " + message);
    }
  }

  @Override
  public void info(String message) {
    if (!quiet) {
      err.println("pylayer: " + message);
    }
  }

  @Override
  public void warn(String message) {
    err.println("pylayer: warning: " + message);
  }

  @Override
  public synchronized void progress(String what, long done, long total) {
    if (quiet || total <= 0 || total < 4_000_000) {
      return; // small files download too fast to be worth a line
    }
    long tenth = done * 10 / total;
    if (!what.equals(lastFile)) {
      lastFile = what;
      lastTenth = -1;
    }
    if (tenth != lastTenth) {
      lastTenth = tenth;
      err.printf("pylayer:   %s %d%% of %.1f MB%n", what, tenth * 10, total / 1e6);
    }
  }
}
