package dev.pylayer.runtime;

/** The credentials lack a permission (LiteLLM's {@code PermissionDeniedError}, HTTP 403). */
public final class PermissionDeniedException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public PermissionDeniedException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
