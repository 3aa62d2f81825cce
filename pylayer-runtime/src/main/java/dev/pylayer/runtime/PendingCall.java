package dev.pylayer.runtime;

/** A call waiting for the worker's answer; its methods run on the worker's reader thread. */
interface PendingCall {
  /** Handles a message carrying this call's id. */
  void onMessage(WorkerMessage message);

  /** Ends the call with {@code error} (worker crash, timeout, client closed). */
  void fail(LiteLlmException error);

  /** Whether this is a ping, whose answer does not show that calls make progress. */
  default boolean isProbe() {
    return false;
  }
}
