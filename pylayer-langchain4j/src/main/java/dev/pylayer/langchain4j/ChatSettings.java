package dev.pylayer.langchain4j;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.pylayer.runtime.ChatClient;
import dev.pylayer.runtime.ChatRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What the chat and streaming models share: the client, default parameters, LiteLLM's own parameters. */
final class ChatSettings {
  final ChatClient client;
  final ChatRequestParameters defaults;
  final Map<String, Object> litellmParameters;
  final Duration timeout;
  final List<ChatModelListener> listeners;
  final Set<Capability> capabilities;

  private ChatSettings(Builder<?> b) {
    this.client = Objects.requireNonNull(b.client, "client: pass the ChatClient (e.g. a LiteLlmClient) to the builder");
    DefaultChatRequestParameters.Builder<?> parameters = ChatRequestParameters.builder();
    if (b.defaults != null) {
      parameters.overrideWith(b.defaults);
    }
    if (b.modelName != null) {
      parameters.modelName(b.modelName);
    }
    if (b.temperature != null) {
      parameters.temperature(b.temperature);
    }
    if (b.maxOutputTokens != null) {
      parameters.maxOutputTokens(b.maxOutputTokens);
    }
    this.defaults = parameters.build();
    this.litellmParameters = Map.copyOf(b.litellmParameters);
    this.timeout = b.timeout;
    this.listeners = List.copyOf(b.listeners);
    this.capabilities = b.capabilities == null ? Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA) : Set.copyOf(b.capabilities);
  }

  /** The pylayer request for a LangChain4j request whose parameters are already merged with {@link #defaults}. */
  ChatRequest toPylayer(dev.langchain4j.model.chat.request.ChatRequest request) {
    return Requests.toPylayer(request, litellmParameters, timeout);
  }

  /** The builder both models share. */
  @SuppressWarnings("unchecked")
  abstract static class Builder<B extends Builder<B>> {
    private ChatClient client;
    private ChatRequestParameters defaults;
    private String modelName;
    private Double temperature;
    private Integer maxOutputTokens;
    private final Map<String, Object> litellmParameters = new LinkedHashMap<>();
    private Duration timeout;
    private final List<ChatModelListener> listeners = new ArrayList<>();
    private Set<Capability> capabilities;

    /** The client that runs LiteLLM, e.g. a {@code LiteLlmClient}; the model does not close it. */
    public B client(ChatClient client) {
      this.client = client;
      return (B) this;
    }

    /** The model in LiteLLM's provider/model form, e.g. "openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest". */
    public B modelName(String modelName) {
      this.modelName = modelName;
      return (B) this;
    }

    /** The default temperature. */
    public B temperature(Double temperature) {
      this.temperature = temperature;
      return (B) this;
    }

    /** The default maximum of generated tokens. */
    public B maxOutputTokens(Integer maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return (B) this;
    }

    /** Default parameters; a request's own parameters override them. */
    public B defaultRequestParameters(ChatRequestParameters parameters) {
      this.defaults = parameters;
      return (B) this;
    }

    /** A parameter passed to LiteLLM as it is: "api_base", "api_key", "num_retries", "drop_params", ... */
    public B litellmParameter(String name, Object value) {
      litellmParameters.put(Objects.requireNonNull(name, "name"), value);
      return (B) this;
    }

    /** Parameters passed to LiteLLM as they are. */
    public B litellmParameters(Map<String, ?> parameters) {
      parameters.forEach(this::litellmParameter);
      return (B) this;
    }

    /** How long a call (for streams: each next chunk) may take in the JVM; the client's default otherwise. */
    public B timeout(Duration timeout) {
      this.timeout = timeout;
      return (B) this;
    }

    /** Listeners told of each request, response and error. */
    public B listeners(List<ChatModelListener> listeners) {
      this.listeners.addAll(listeners);
      return (B) this;
    }

    /**
     * What the model can do. Default: JSON-schema response formats, which AiServices then uses for
     * structured output; pass an empty set for a provider that LiteLLM cannot give a schema to.
     */
    public B supportedCapabilities(Set<Capability> capabilities) {
      this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
      return (B) this;
    }

    ChatSettings settings() {
      return new ChatSettings(this);
    }
  }
}
