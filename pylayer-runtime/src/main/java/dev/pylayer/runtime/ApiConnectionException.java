package dev.pylayer.runtime;

/** The provider could not be reached (LiteLLM's {@code APIConnectionError}); retryable. */
public final class ApiConnectionException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public ApiConnectionException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
