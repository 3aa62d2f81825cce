package dev.pylayer.runtime;

/** The provider is unavailable (LiteLLM's {@code ServiceUnavailableError}, HTTP 503); retryable. */
public final class ServiceUnavailableException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public ServiceUnavailableException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
