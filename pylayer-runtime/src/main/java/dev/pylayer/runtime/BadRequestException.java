package dev.pylayer.runtime;

/** The provider refused the request as invalid (LiteLLM's {@code BadRequestError} and its subclasses, HTTP 400/422). */
public class BadRequestException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public BadRequestException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
