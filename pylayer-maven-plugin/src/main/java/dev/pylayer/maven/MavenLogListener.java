package dev.pylayer.maven;

import dev.pylayer.pipeline.BuildListener;
import org.apache.maven.plugin.logging.Log;

/** A build's progress and warnings in Maven's log: steps and notes at info, warnings at warn. */
final class MavenLogListener implements BuildListener {

  private final Log log;
  private String lastFile;
  private long lastTenth = -1;

  MavenLogListener(Log log) {
    this.log = log;
  }

  @Override
  public void step(String message) {
    log.info(message);
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public synchronized void progress(String what, long done, long total) {
    if (total < 4_000_000) {
      return; // small files download too fast to be worth a line
    }
    long tenth = done * 10 / total;
    if (!what.equals(lastFile)) {
      lastFile = what;
      lastTenth = -1;
    }
    if (tenth != lastTenth) {
      lastTenth = tenth;
      log.info(String.format(java.util.Locale.ROOT, "  %s %d%% of %.1f MB", what, tenth * 10,
          total / 1e6));
    }
  }
}
