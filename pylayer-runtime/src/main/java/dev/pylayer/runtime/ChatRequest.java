package dev.pylayer.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chat completion request in OpenAI's shape, passed to {@code litellm.acompletion}. Unset members
 * are not sent, so LiteLLM's and the provider's defaults apply. Anything else LiteLLM accepts
 * ({@code api_base}, {@code api_key}, {@code num_retries}, {@code mock_response}, provider-specific
 * parameters) goes in {@link Builder#extra(String, Object)} and is passed as it is.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder("openai/gpt-4o-mini")
 *     .message(ChatMessage.system("Answer in one word."))
 *     .message(ChatMessage.user("Capital of France?"))
 *     .temperature(0.0)
 *     .extra("num_retries", 2)
 *     .build();
 * }</pre>
 */
public final class ChatRequest {
  private volatile List<String> secrets;
  private final Map<String, Object> params;
  private final String paramsJson;
  private final String model;
  private final List<ChatMessage> messages;
  private final List<Tool> tools;
  private final ToolChoice toolChoice;
  private final ResponseFormat responseFormat;
  private final Duration timeout;

  private ChatRequest(Builder b) {
    if (b.model == null || b.model.isBlank()) {
      throw new IllegalArgumentException("ChatRequest needs a model, e.g. \"openai/gpt-4o-mini\"");
    }
    if (b.messages.isEmpty()) {
      throw new IllegalArgumentException("ChatRequest for " + b.model + " needs at least one message");
    }
    this.model = b.model;
    this.messages = JsonFields.copy(b.messages);
    this.timeout = b.timeout;
    this.tools = JsonFields.copy(b.tools);
    this.toolChoice = b.toolChoice;
    this.responseFormat = b.responseFormat;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("model", b.model);
    List<Object> jsonMessages = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      jsonMessages.add(m.toJson());
    }
    p.put("messages", jsonMessages);
    putIfSet(p, "temperature", b.temperature);
    putIfSet(p, "top_p", b.topP);
    putIfSet(p, "max_tokens", b.maxTokens);
    putIfSet(p, "n", b.n);
    putIfSet(p, "stop", b.stop == null ? null : JsonFields.copy(b.stop));
    putIfSet(p, "presence_penalty", b.presencePenalty);
    putIfSet(p, "frequency_penalty", b.frequencyPenalty);
    putIfSet(p, "seed", b.seed);
    putIfSet(p, "user", b.user);
    if (!tools.isEmpty()) {
      List<Object> jsonTools = new ArrayList<>(tools.size());
      for (Tool tool : tools) {
        jsonTools.add(tool.toJson());
      }
      p.put("tools", jsonTools);
    }
    putIfSet(p, "tool_choice", toolChoice == null ? null : toolChoice.toJson());
    putIfSet(p, "parallel_tool_calls", b.parallelToolCalls);
    putIfSet(p, "response_format", responseFormat == null ? null : responseFormat.toJson());
    // Extra parameters come last and win over typed ones of the same name.
    p.putAll(b.extra);
    this.params = JsonFields.copy(p);
    // Written once, here: a bad value fails in the caller's code, and the JSON is a snapshot that
    // later changes to nested maps the caller still holds cannot alter.
    this.paramsJson = Json.write(p);
  }

  private static void putIfSet(Map<String, Object> p, String key, Object value) {
    if (value != null) {
      p.put(key, value);
    }
  }

  /** A builder for a request to {@code model} (LiteLLM's "provider/model" form). */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** The model. */
  public String model() {
    return model;
  }

  /** The messages. */
  public List<ChatMessage> messages() {
    return messages;
  }

  /** The tools offered to the model; empty when none. */
  public List<Tool> tools() {
    return tools;
  }

  /** The tool choice; null when not set. */
  public ToolChoice toolChoice() {
    return toolChoice;
  }

  /** The response format; null when not set. */
  public ResponseFormat responseFormat() {
    return responseFormat;
  }

  /** This call's timeout, or null to use the client's default. */
  public Duration timeout() {
    return timeout;
  }

  /** Everything passed to LiteLLM as keyword arguments, in OpenAI's snake_case names. */
  public Map<String, Object> params() {
    return params;
  }

  String paramsJson() {
    return paramsJson;
  }

  /** The secrets among the parameters (see {@link Redactor#secretsIn}), found once. */
  List<String> secrets() {
    List<String> found = secrets;
    if (found == null) {
      found = List.copyOf(Redactor.secretsIn(params));
      secrets = found;
    }
    return found;
  }

  @Override
  public String toString() {
    // Parameters may hold an api_key: name the model and the size only.
    return "ChatRequest{model=" + model + ", messages=" + messages.size() + "}";
  }

  /** Builds a {@link ChatRequest}. */
  public static final class Builder {
    private String model;
    private final List<ChatMessage> messages = new ArrayList<>();
    private Double temperature;
    private Double topP;
    private Integer maxTokens;
    private Integer n;
    private List<String> stop;
    private Double presencePenalty;
    private Double frequencyPenalty;
    private Long seed;
    private String user;
    private final List<Tool> tools = new ArrayList<>();
    private ToolChoice toolChoice;
    private Boolean parallelToolCalls;
    private ResponseFormat responseFormat;
    private Duration timeout;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private Builder(String model) {
      this.model = model;
    }

    /** The model, e.g. "openai/gpt-4o-mini" or "bedrock/anthropic.claude-3-haiku-20240307-v1:0". */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Appends a message. */
    public Builder message(ChatMessage message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** Appends messages. */
    public Builder messages(List<ChatMessage> messages) {
      messages.forEach(this::message);
      return this;
    }

    /** Sampling temperature. */
    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Nucleus sampling mass. */
    public Builder topP(double topP) {
      this.topP = topP;
      return this;
    }

    /** Maximum tokens to generate. */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** Number of choices to generate. */
    public Builder n(int n) {
      this.n = n;
      return this;
    }

    /** Stop sequences. */
    public Builder stop(List<String> stop) {
      this.stop = stop;
      return this;
    }

    /** Presence penalty. */
    public Builder presencePenalty(double penalty) {
      this.presencePenalty = penalty;
      return this;
    }

    /** Frequency penalty. */
    public Builder frequencyPenalty(double penalty) {
      this.frequencyPenalty = penalty;
      return this;
    }

    /** Seed for reproducible sampling where the provider supports it. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** End-user id passed to the provider. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Offers a tool to the model, e.g. a {@link FunctionTool}. */
    public Builder tool(Tool tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /** Offers tools to the model. */
    public Builder tools(List<? extends Tool> tools) {
      tools.forEach(this::tool);
      return this;
    }

    /** Whether and which tool the model must call. */
    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    /** Whether the model may call several tools in one answer (OpenAI's {@code parallel_tool_calls}). */
    public Builder parallelToolCalls(boolean parallel) {
      this.parallelToolCalls = parallel;
      return this;
    }

    /** The shape of the answer: text, any JSON object, or JSON following a schema. */
    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    /**
     * How long the JVM waits for this call (for streams: for each next chunk) before failing it with
     * {@link LiteLlmTimeoutException} and cancelling it in the worker. Not sent to LiteLLM: to bound
     * the provider call itself pass {@code extra("timeout", seconds)}.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** A parameter passed to {@code litellm.acompletion} as it is, e.g. "api_base", "num_retries". */
    public Builder extra(String name, Object value) {
      extra.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Parameters passed to {@code litellm.acompletion} as they are. */
    public Builder extra(Map<String, ?> parameters) {
      parameters.forEach(this::extra);
      return this;
    }

    /**
     * The request.
     *
     * @throws IllegalArgumentException when the model or messages are missing or a parameter cannot be
     *     written as JSON
     */
    public ChatRequest build() {
      return new ChatRequest(this);
    }
  }
}
