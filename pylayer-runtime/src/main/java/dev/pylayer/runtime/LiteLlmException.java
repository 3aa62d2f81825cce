package dev.pylayer.runtime;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A LiteLLM call failed. LiteLLM's exceptions arrive as subclasses chosen by LiteLLM's class name
 * (e.g. {@code RateLimitError} → {@link RateLimitException}); others (a {@code TypeError} from a bad
 * parameter, say) arrive as this class with {@link #type()} naming the Python exception. Messages are
 * redacted by the worker: API keys and Authorization headers never appear in them.
 */
public class LiteLlmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String type;
  private final Integer statusCode;
  private final String provider;
  private final boolean retryable;

  /**
   * Creates the exception.
   *
   * @param type the Python exception's class name (e.g. "RateLimitError"), or a pylayer name such as
   *     "WorkerCrashed"
   * @param message what went wrong
   * @param statusCode the provider's HTTP status, or null
   * @param provider LiteLLM's provider name (e.g. "openai"), or null
   * @param retryable whether the same call may succeed when retried
   * @param cause the underlying cause, or null
   */
  public LiteLlmException(
      String type, String message, Integer statusCode, String provider, boolean retryable, Throwable cause) {
    super(message, cause);
    this.type = type;
    this.statusCode = statusCode;
    this.provider = provider;
    this.retryable = retryable;
  }

  /** The Python exception's class name, e.g. "ContextWindowExceededError". */
  public String type() {
    return type;
  }

  /** The provider's HTTP status code, when there was one. */
  public OptionalInt statusCode() {
    return statusCode == null ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }

  /** LiteLLM's provider name, e.g. "openai", when known. */
  public Optional<String> provider() {
    return Optional.ofNullable(provider);
  }

  /** Whether retrying the same call may succeed (rate limits, timeouts, 5xx, connection failures). */
  public boolean retryable() {
    return retryable;
  }
}
