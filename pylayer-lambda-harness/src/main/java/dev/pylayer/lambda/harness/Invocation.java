package dev.pylayer.lambda.harness;

import java.time.Duration;
import java.time.Instant;

/**
 * One invocation as the Runtime API saw it.
 *
 * @param requestId the id sent to the runtime in {@code Lambda-Runtime-Aws-Request-Id}
 * @param status whether the function answered, reported an error, or missed its deadline
 * @param body the response body (SUCCESS) or the error body (ERROR); empty when TIMED_OUT
 * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header of an error, else null
 * @param duration from queueing the event to the response (the whole round trip: Lambda's duration
 *     plus the runtime's poll)
 * @param deadline the deadline given to the function ({@code Lambda-Runtime-Deadline-Ms})
 */
public record Invocation(String requestId, Status status, String body, String errorType, Duration duration, Instant deadline) {

  /** How an invocation ended. */
  public enum Status {
    /** The function posted a response. */
    SUCCESS,
    /** The function (or the runtime client for it) posted an error. */
    ERROR,
    /** Nothing was posted before the deadline (Lambda would stop the runtime here). */
    TIMED_OUT
  }

  /** Whether the function posted a response. */
  public boolean succeeded() {
    return status == Status.SUCCESS;
  }
}
