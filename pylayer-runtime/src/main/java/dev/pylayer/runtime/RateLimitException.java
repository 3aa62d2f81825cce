package dev.pylayer.runtime;

/** The provider rate-limited the call (LiteLLM's {@code RateLimitError}, HTTP 429); retryable. */
public final class RateLimitException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public RateLimitException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
