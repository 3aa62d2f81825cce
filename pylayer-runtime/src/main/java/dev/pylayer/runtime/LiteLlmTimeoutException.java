package dev.pylayer.runtime;

/** A call took too long: either the provider call timed out in LiteLLM ({@code Timeout}), or the JVM stopped waiting at the call's timeout (type "CallTimeout", the call cancelled in the worker), or all in-flight slots stayed busy for the whole timeout (type "InFlightLimit"). Retryable. */
public final class LiteLlmTimeoutException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public LiteLlmTimeoutException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
