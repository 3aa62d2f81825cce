package dev.pylayer.lambda.harness;

import java.time.Duration;
import java.util.Optional;

/**
 * The phases of one cold start, as the harness measured them.
 *
 * @param jvmStart from launching the runtime process to the JVM running (the agent's premain); empty
 *     when the launcher was told not to measure it
 * @param init from launching to the runtime's first {@code /invocation/next}: JVM start, loading the
 *     handler class and its static initialization (for a pylayer function: the Python worker's start and
 *     {@code import litellm})
 * @param workerStart the Python worker's start to ready, as pylayer-runtime logged it; empty when it
 *     did not log it (another function, or the worker started lazily)
 * @param importLitellm the part of {@code workerStart} spent in {@code import litellm}, as logged
 * @param firstInvocation the first invocation's round trip, from queueing the event to the response
 */
public record ColdStart(
    Optional<Duration> jvmStart, Duration init, Optional<Duration> workerStart, Optional<Duration> importLitellm, Duration firstInvocation) {

  /** Init plus the first invocation: what a caller of a cold function waits. */
  public Duration total() {
    return init.plus(firstInvocation);
  }
}
