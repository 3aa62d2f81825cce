package dev.pylayer.runtime;

/** The worker sent a line the JVM refused: longer than {@link LiteLlmClient.Options.Builder#maxLineBytes} or not valid protocol JSON. */
public final class LiteLlmProtocolException extends LiteLlmException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link LiteLlmException#LiteLlmException}. */
  public LiteLlmProtocolException(String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(type, message, statusCode, provider, retryable, cause);
  }
}
