package dev.pylayer.runtime;

/** The messages exceed the model's context window (LiteLLM's {@code ContextWindowExceededError}). */
public final class ContextWindowExceededException extends BadRequestException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public ContextWindowExceededException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
