package dev.pylayer.springai;

import dev.pylayer.runtime.LiteLlmException;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

/**
 * LiteLLM's errors as Spring AI's: {@link TransientAiException} for what a retry may fix (429, 5xx,
 * timeouts, connection errors, a crashed worker), {@link NonTransientAiException} for the rest (401,
 * 403, 400, 404, ...). The pylayer exception stays the cause, with its type and status code.
 */
final class SpringErrors {
  private SpringErrors() {}

  static RuntimeException map(Throwable error) {
    Throwable e = error;
    while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (!(e instanceof LiteLlmException)) {
      return e instanceof RuntimeException ? (RuntimeException) e : new NonTransientAiException(e.getMessage(), e);
    }
    LiteLlmException x = (LiteLlmException) e;
    int status = x.statusCode().orElse(0);
    boolean transientError = x instanceof dev.pylayer.runtime.RateLimitException || status == 429 || status == 408
        || status >= 500 || (x.retryable() && !(x instanceof dev.pylayer.runtime.BadRequestException)
            && !(x instanceof dev.pylayer.runtime.AuthenticationException));
    return transientError ? new TransientAiException(x.getMessage(), x) : new NonTransientAiException(x.getMessage(), x);
  }
}
