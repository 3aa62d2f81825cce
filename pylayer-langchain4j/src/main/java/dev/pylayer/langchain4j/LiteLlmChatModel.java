package dev.pylayer.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.pylayer.runtime.LiteLlmException;
import java.util.List;
import java.util.Set;

/**
 * LangChain4j's {@link ChatModel} over LiteLLM: every provider LiteLLM knows, called in-process
 * through a pylayer {@link dev.pylayer.runtime.ChatClient}. Tool specifications, tool choice and
 * JSON-schema response formats are passed on, so {@code AiServices} tools and structured output work.
 *
 * <pre>{@code
 * LiteLlmClient client = LiteLlmClient.create();
 * ChatModel model = LiteLlmChatModel.builder()
 *     .client(client)
 *     .modelName("openai/gpt-4o-mini")
 *     .build();
 * String answer = model.chat("Capital of France?");
 * }</pre>
 *
 * The model does not own the client: close the client when the application stops.
 */
public final class LiteLlmChatModel implements ChatModel {
  private final ChatSettings settings;

  private LiteLlmChatModel(ChatSettings settings) {
    this.settings = settings;
  }

  /** A builder; {@code client} and a model name are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    dev.pylayer.runtime.ChatRequest pylayerRequest = settings.toPylayer(request);
    try {
      return Responses.toLangChain4j(settings.client.completion(pylayerRequest));
    } catch (LiteLlmException e) {
      throw Errors.map(e);
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

  /** Builds a {@link LiteLlmChatModel}. */
  public static final class Builder extends ChatSettings.Builder<Builder> {
    private Builder() {}

    public LiteLlmChatModel build() {
      return new LiteLlmChatModel(settings());
    }
  }
}
