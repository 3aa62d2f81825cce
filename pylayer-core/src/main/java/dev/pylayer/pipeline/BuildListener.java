package dev.pylayer.pipeline;

/**
 * What a build tells its front end while it runs. Every method has a default that does nothing,
 * so a front end implements only what it shows.
 */
public interface BuildListener {

  /** A listener that shows nothing. */
  BuildListener SILENT = new BuildListener() {};

  /** A pipeline step begins, e.g. "arm64: installing 48 wheels". */
  default void step(String message) {}

  /** Something worth knowing that is not a problem. */
  default void info(String message) {}

  /** Something that may be a problem but does not stop the build. */
  default void warn(String message) {}

  /** Download progress of {@code what}; {@code total} is -1 when unknown. */
  default void progress(String what, long done, long total) {}
}
