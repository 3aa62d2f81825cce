package dev.pylayer.runtime;

/** The provider failed (LiteLLM's {@code InternalServerError}, HTTP 5xx); retryable. */
public final class InternalServerException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public InternalServerException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
