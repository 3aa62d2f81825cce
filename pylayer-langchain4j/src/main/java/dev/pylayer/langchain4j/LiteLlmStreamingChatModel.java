package dev.pylayer.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.pylayer.runtime.ChatChunk;
import dev.pylayer.runtime.CompletionStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LangChain4j's {@link StreamingChatModel} over LiteLLM ({@code stream=True}): text arrives as partial
 * responses, tool calls as partial and complete tool calls, then the whole answer with its finish
 * reason. The chunks are read on a thread of {@code executor} (by default a shared pool of daemon
 * threads), as LangChain4j's own streaming models call their handlers off the caller's thread.
 *
 * <pre>{@code
 * StreamingChatModel model = LiteLlmStreamingChatModel.builder()
 *     .client(client).modelName("openai/gpt-4o-mini").build();
 * model.chat("Tell me a story", handler);
 * }</pre>
 */
public final class LiteLlmStreamingChatModel implements StreamingChatModel {
  private static final AtomicInteger THREADS = new AtomicInteger();
  // Blocking reads of a stream: one thread each, created on demand, never holding the JVM open.
  private static final ExecutorService SHARED = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "pylayer-langchain4j-stream-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final ChatSettings settings;
  private final Executor executor;

  private LiteLlmStreamingChatModel(ChatSettings settings, Executor executor) {
    this.settings = settings;
    this.executor = executor == null ? SHARED : executor;
  }

  /** A builder; {@code client} and a model name are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    dev.pylayer.runtime.ChatRequest pylayerRequest;
    try {
      pylayerRequest = settings.toPylayer(request);
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    executor.execute(() -> run(pylayerRequest, handler));
  }

  private void run(dev.pylayer.runtime.ChatRequest request, StreamingChatResponseHandler handler) {
    AtomicBoolean cancelled = new AtomicBoolean();
    try (CompletionStream stream = settings.client.stream(request)) {
      StreamingHandle handle = new StreamingHandle() {
        @Override
        public void cancel() {
          cancelled.set(true);
          stream.close();
        }

        @Override
        public boolean isCancelled() {
          return cancelled.get();
        }
      };
      StreamCollector collector = new StreamCollector(handler, handle);
      for (ChatChunk chunk : stream) {
        if (cancelled.get()) {
          return;
        }
        collector.accept(chunk);
      }
      if (!cancelled.get()) {
        handler.onCompleteResponse(collector.finish());
      }
    } catch (RuntimeException e) {
      if (!cancelled.get()) {
        handler.onError(Errors.map(e));
      }
    }
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return settings.defaults;
  }

  @Override
  public List<ChatModelListener> listeners() {
    return settings.listeners;
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return settings.capabilities;
  }

  /** Builds a {@link LiteLlmStreamingChatModel}. */
  public static final class Builder extends ChatSettings.Builder<Builder> {
    private Executor executor;

    private Builder() {}

    /** Where streams are read (one task per stream, blocking while it lasts); a shared daemon pool by default. */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    public LiteLlmStreamingChatModel build() {
      return new LiteLlmStreamingChatModel(settings(), executor);
    }
  }
}
