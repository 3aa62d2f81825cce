package dev.pylayer.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.pylayer.runtime.LiteLlmException;

/**
 * LiteLLM's errors as LangChain4j's exception types, so LangChain4j's retries and callers' handlers
 * see what they expect: 429 is a {@link RateLimitException}, 401 and 403 an {@link
 * AuthenticationException}, and so on. The pylayer exception is kept as the cause.
 */
final class Errors {
  private Errors() {}

  static RuntimeException map(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof LangChain4jException) {
      return (LangChain4jException) e;
    }
    if (!(e instanceof LiteLlmException)) {
      return e instanceof RuntimeException ? (RuntimeException) e : new LangChain4jException(e);
    }
    LiteLlmException x = (LiteLlmException) e;
    String message = x.getMessage();
    if (x instanceof dev.pylayer.runtime.RateLimitException) {
      return new RateLimitException(message, x);
    }
    if (x instanceof dev.pylayer.runtime.AuthenticationException || x instanceof dev.pylayer.runtime.PermissionDeniedException) {
      return new AuthenticationException(message, x);
    }
    if (x instanceof dev.pylayer.runtime.NotFoundException) {
      return new ModelNotFoundException(message, x);
    }
    if (x instanceof dev.pylayer.runtime.LiteLlmTimeoutException) {
      return new TimeoutException(message, x);
    }
    if (x instanceof dev.pylayer.runtime.BadRequestException) {
      return new InvalidRequestException(message, x);
    }
    if (x instanceof dev.pylayer.runtime.InternalServerException || x instanceof dev.pylayer.runtime.ServiceUnavailableException) {
      return new InternalServerException(message, x);
    }
    int status = x.statusCode().orElse(0);
    if (status == 429) {
      return new RateLimitException(message, x);
    }
    if (status == 401 || status == 403) {
      return new AuthenticationException(message, x);
    }
    if (status == 404) {
      return new ModelNotFoundException(message, x);
    }
    if (status >= 500) {
      return new InternalServerException(message, x);
    }
    if (status >= 400) {
      return new InvalidRequestException(message, x);
    }
    // Connection errors, a crashed worker: worth another try.
    return x.retryable() ? new RetriableException(message, x) : new NonRetriableException(message, x);
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
