package dev.pylayer.runtime;

/** The model or endpoint does not exist (LiteLLM's {@code NotFoundError}, HTTP 404). */
public final class NotFoundException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public NotFoundException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
