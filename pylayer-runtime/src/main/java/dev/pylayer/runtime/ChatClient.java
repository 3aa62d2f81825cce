package dev.pylayer.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * What a function needs to talk to a chat model: completions (waiting, asynchronous, streamed) and
 * embeddings. {@link LiteLlmClient} implements it with one Python worker running LiteLLM; code that
 * depends on this interface can be given another implementation (a router, a pool, a test double built
 * with {@link ChatResponse#parse}, {@link CompletionStream#of} and {@link EmbeddingResponse#parse}).
 *
 * <p>Implementations are thread-safe. Every failure is a {@link LiteLlmException}, whose subclass
 * names the provider's error class ({@link RateLimitException}, {@link AuthenticationException}, ...)
 * and whose {@link LiteLlmException#retryable()} says whether trying again may help.
 */
public interface ChatClient extends AutoCloseable {

  /**
   * Sends a chat completion and waits for it, up to the request's timeout.
   *
   * @throws LiteLlmException (a subclass for LiteLLM's error classes) when the call fails
   */
  ChatResponse completion(ChatRequest request);

  /**
   * Sends a chat completion without waiting. The future fails with a {@link LiteLlmException};
   * cancelling it cancels the call.
   */
  CompletableFuture<ChatResponse> completionAsync(ChatRequest request);

  /**
   * Starts a streamed chat completion. Close the stream (try-with-resources) to cancel it early.
   *
   * @throws LiteLlmException when the call cannot be started
   */
  CompletionStream stream(ChatRequest request);

  /**
   * Computes embeddings and waits for them.
   *
   * @throws LiteLlmException when the call fails
   */
  EmbeddingResponse embedding(EmbeddingRequest request);

  /** Computes embeddings without waiting; the future fails with a {@link LiteLlmException}. */
  CompletableFuture<EmbeddingResponse> embeddingAsync(EmbeddingRequest request);

  /** Releases what the client holds (for {@link LiteLlmClient}: stops its worker). Idempotent. */
  @Override
  void close();
}
