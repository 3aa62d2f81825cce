package dev.pylayer.runtime;

/**
 * The Python worker exited, was killed, failed to start (e.g. {@code import litellm} failed), or broke
 * the protocol. Every call in flight fails with this at once; the next call starts a new worker
 * (restarts are bounded, see {@link LiteLlmClient.Options.Builder#maxRestarts}). {@link #stderrTail()}
 * holds the end of the worker's stderr, which usually says why.
 */
public final class WorkerCrashedException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  private final String stderrTail;

  /** Creates the exception; {@code stderrTail} is already redacted. */
  public WorkerCrashedException(String message, String stderrTail, Throwable cause) {
    super("WorkerCrashed", withTail(message, stderrTail), null, null, true, cause);
    this.stderrTail = stderrTail == null ? "" : stderrTail;
  }

  private static String withTail(String message, String tail) {
    if (tail == null || tail.isBlank()) {
      return message + " (the worker wrote nothing to stderr)";
    }
    String trimmed = tail.strip();
    // The message carries the last lines; the whole tail is in stderrTail().
    int cut = trimmed.length() > 2000 ? trimmed.indexOf('\n', trimmed.length() - 2000) : -1;
    return message + "; worker stderr ends with:\n" + (cut >= 0 ? "..." + trimmed.substring(cut) : trimmed);
  }

  /** The last part of the worker's stderr (as configured by {@code stderrTailBytes}), redacted. */
  public String stderrTail() {
    return stderrTail;
  }
}
