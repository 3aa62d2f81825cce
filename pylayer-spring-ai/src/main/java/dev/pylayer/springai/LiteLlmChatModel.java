package dev.pylayer.springai;

import dev.pylayer.runtime.ChatChunk;
import dev.pylayer.runtime.ChatClient;
import dev.pylayer.runtime.CompletionStream;
import dev.pylayer.runtime.LiteLlmException;
import java.time.Duration;
import java.util.Objects;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * Spring AI's {@link ChatModel} over LiteLLM, called in-process through a pylayer {@link ChatClient}.
 * Options: the model's defaults ({@link LiteLlmChatOptions}) overridden by the prompt's. Tool
 * callbacks in the options are sent as tool definitions and the model's tool calls come back in the
 * response; as with every Spring AI 2.0 model, Spring AI's {@code ChatClient} runs the tools (its
 * {@code ToolCallingAdvisor}) and calls again. An output schema (native structured output) is sent
 * as a JSON-schema response format.
 *
 * <pre>{@code
 * LiteLlmChatModel model = LiteLlmChatModel.builder()
 *     .client(LiteLlmClient.create())
 *     .defaultOptions(LiteLlmChatOptions.builder().model("openai/gpt-4o-mini").build())
 *     .build();
 * String answer = org.springframework.ai.chat.client.ChatClient.create(model)
 *     .prompt("Capital of France?").call().content();
 * }</pre>
 *
 * The model does not own the client; the Boot auto-configuration closes it with the context.
 */
public final class LiteLlmChatModel implements ChatModel {
  private final ChatClient client;
  private final LiteLlmChatOptions defaultOptions;
  private final Duration timeout;

  private LiteLlmChatModel(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client: pass the pylayer ChatClient (e.g. a LiteLlmClient) to the builder");
    this.defaultOptions = b.defaultOptions == null ? LiteLlmChatOptions.builder().build() : b.defaultOptions;
    this.timeout = b.timeout;
  }

  /** A builder; {@code client} is required, and a model in the default options or in each prompt. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse call(Prompt prompt) {
    dev.pylayer.runtime.ChatRequest request = request(prompt);
    try {
      return SpringResponses.toSpring(client.completion(request));
    } catch (LiteLlmException e) {
      throw SpringErrors.map(e);
    }
  }

  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    return Flux.defer(() -> {
      dev.pylayer.runtime.ChatRequest request = request(prompt);
      // The worker's stream is read with blocking calls: on boundedElastic, never on the caller's
      // event loop. Cancelling the subscription closes the stream, which cancels it in the worker.
      return Flux.<ChatResponse>create(sink -> read(request, sink), FluxSink.OverflowStrategy.BUFFER)
          .subscribeOn(Schedulers.boundedElastic());
    });
  }

  private void read(dev.pylayer.runtime.ChatRequest request, FluxSink<ChatResponse> sink) {
    try (CompletionStream stream = client.stream(request)) {
      sink.onDispose(stream::close);
      SpringStreamCollector collector = new SpringStreamCollector();
      for (ChatChunk chunk : stream) {
        if (sink.isCancelled()) {
          return;
        }
        ChatResponse piece = collector.accept(chunk);
        if (piece != null) {
          sink.next(piece);
        }
      }
      sink.next(collector.finish());
      sink.complete();
    } catch (RuntimeException e) {
      if (!sink.isCancelled()) {
        sink.error(SpringErrors.map(e));
      }
    }
  }

  private dev.pylayer.runtime.ChatRequest request(Prompt prompt) {
    LiteLlmChatOptions options = LiteLlmChatOptions.merge(defaultOptions, prompt.getOptions());
    return SpringRequests.toPylayer(prompt.getInstructions(), options, timeout);
  }

  /**
   * The default options; Spring AI's ChatClient starts each request from these ({@code mutate()}),
   * which is how tool callbacks and output schemas reach this model.
   */
  @Override
  public ChatOptions getOptions() {
    return defaultOptions;
  }

  @Override
  public ChatOptions getDefaultOptions() {
    return defaultOptions;
  }

  /** Builds a {@link LiteLlmChatModel}. */
  public static final class Builder {
    private ChatClient client;
    private LiteLlmChatOptions defaultOptions;
    private Duration timeout;

    private Builder() {}

    /** The pylayer client that runs LiteLLM; the model does not close it. */
    public Builder client(ChatClient client) {
      this.client = client;
      return this;
    }

    /** Options every prompt starts from; a prompt's own options override them. */
    public Builder defaultOptions(LiteLlmChatOptions defaultOptions) {
      this.defaultOptions = defaultOptions;
      return this;
    }

    /** How long a call (for streams: each next chunk) may take in the JVM; the client's default otherwise. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public LiteLlmChatModel build() {
      return new LiteLlmChatModel(this);
    }
  }
}
