package dev.pylayer.runtime;

/** The provider rejected the credentials (LiteLLM's {@code AuthenticationError}, HTTP 401). */
public final class AuthenticationException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public AuthenticationException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
