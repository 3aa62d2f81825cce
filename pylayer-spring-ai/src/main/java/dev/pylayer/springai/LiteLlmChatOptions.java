package dev.pylayer.springai;

import dev.pylayer.runtime.ResponseFormat;
import dev.pylayer.runtime.ToolChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Chat options for {@link LiteLlmChatModel}: Spring AI's portable options, tool callbacks and output
 * schema, plus what LiteLLM takes beyond them (seed, user, tool choice, response format, and any
 * LiteLLM parameter by name: {@code api_base}, {@code api_key}, {@code num_retries}, ...).
 *
 * <p>Immutable; {@link #mutate()} gives a builder with these values.
 */
public final class LiteLlmChatOptions implements ToolCallingChatOptions, StructuredOutputChatOptions {
  private final String model;
  private final Double frequencyPenalty;
  private final Integer maxTokens;
  private final Double presencePenalty;
  private final List<String> stopSequences;
  private final Double temperature;
  private final Integer topK;
  private final Double topP;
  private final Long seed;
  private final String user;
  private final ToolChoice toolChoice;
  private final ResponseFormat responseFormat;
  private final String outputSchema;
  private final List<ToolCallback> toolCallbacks;
  private final Map<String, Object> toolContext;
  private final Map<String, Object> litellmParameters;

  private LiteLlmChatOptions(Builder b) {
    this.model = b.model;
    this.frequencyPenalty = b.frequencyPenalty;
    this.maxTokens = b.maxTokens;
    this.presencePenalty = b.presencePenalty;
    this.stopSequences = b.stopSequences == null ? null : List.copyOf(b.stopSequences);
    this.temperature = b.temperature;
    this.topK = b.topK;
    this.topP = b.topP;
    this.seed = b.seed;
    this.user = b.user;
    this.toolChoice = b.toolChoice;
    this.responseFormat = b.responseFormat;
    this.outputSchema = b.outputSchema;
    this.toolCallbacks = List.copyOf(b.toolCallbacks);
    this.toolContext = Map.copyOf(b.toolContext);
    this.litellmParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.litellmParameters));
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code base} overridden by every value {@code override} sets (any Spring AI {@link ChatOptions};
   * null keeps {@code base}). Tool callbacks and LiteLLM parameters from both are kept, the
   * override's winning by name.
   */
  public static LiteLlmChatOptions merge(LiteLlmChatOptions base, ChatOptions override) {
    Builder b = base.mutate();
    if (override != null) {
      b.combine(override);
    }
    return b.build();
  }

  @Override
  public String getModel() {
    return model;
  }

  @Override
  public Double getFrequencyPenalty() {
    return frequencyPenalty;
  }

  @Override
  public Integer getMaxTokens() {
    return maxTokens;
  }

  @Override
  public Double getPresencePenalty() {
    return presencePenalty;
  }

  @Override
  public List<String> getStopSequences() {
    return stopSequences;
  }

  @Override
  public Double getTemperature() {
    return temperature;
  }

  @Override
  public Integer getTopK() {
    return topK;
  }

  @Override
  public Double getTopP() {
    return topP;
  }

  /** Seed for reproducible sampling, where the provider has one. */
  public Long getSeed() {
    return seed;
  }

  /** The end user's id, passed to the provider. */
  public String getUser() {
    return user;
  }

  /** Whether and which tool the model must call; null for the provider's default. */
  public ToolChoice getToolChoice() {
    return toolChoice;
  }

  /** The response format; an output schema, when set, wins over it. */
  public ResponseFormat getResponseFormat() {
    return responseFormat;
  }

  @Override
  public String getOutputSchema() {
    return outputSchema;
  }

  @Override
  public List<ToolCallback> getToolCallbacks() {
    return toolCallbacks;
  }

  @Override
  public Map<String, Object> getToolContext() {
    return toolContext;
  }

  /** Parameters passed to LiteLLM as they are. */
  public Map<String, Object> getLitellmParameters() {
    return litellmParameters;
  }

  @Override
  public Builder mutate() {
    Builder b = new Builder();
    b.model = model;
    b.frequencyPenalty = frequencyPenalty;
    b.maxTokens = maxTokens;
    b.presencePenalty = presencePenalty;
    b.stopSequences = stopSequences;
    b.temperature = temperature;
    b.topK = topK;
    b.topP = topP;
    b.seed = seed;
    b.user = user;
    b.toolChoice = toolChoice;
    b.responseFormat = responseFormat;
    b.outputSchema = outputSchema;
    b.toolCallbacks.addAll(toolCallbacks);
    b.toolContext.putAll(toolContext);
    b.litellmParameters.putAll(litellmParameters);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LiteLlmChatOptions)) {
      return false;
    }
    LiteLlmChatOptions x = (LiteLlmChatOptions) o;
    return Objects.equals(model, x.model) && Objects.equals(frequencyPenalty, x.frequencyPenalty)
        && Objects.equals(maxTokens, x.maxTokens) && Objects.equals(presencePenalty, x.presencePenalty)
        && Objects.equals(stopSequences, x.stopSequences) && Objects.equals(temperature, x.temperature)
        && Objects.equals(topK, x.topK) && Objects.equals(topP, x.topP) && Objects.equals(seed, x.seed)
        && Objects.equals(user, x.user) && Objects.equals(toolChoice, x.toolChoice)
        && Objects.equals(responseFormat, x.responseFormat) && Objects.equals(outputSchema, x.outputSchema)
        && toolCallbacks.equals(x.toolCallbacks) && toolContext.equals(x.toolContext)
        && litellmParameters.equals(x.litellmParameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, temperature, maxTokens, topP, toolCallbacks, litellmParameters.keySet());
  }

  @Override
  public String toString() {
    // LiteLLM parameters may hold an api_key: name them only.
    return "LiteLlmChatOptions{model=" + model + ", temperature=" + temperature + ", maxTokens=" + maxTokens
        + ", tools=" + toolCallbacks.size() + ", litellmParameters=" + litellmParameters.keySet() + "}";
  }

  /** Builds {@link LiteLlmChatOptions}; also what Spring AI's ChatClient fills in per request. */
  public static final class Builder implements ToolCallingChatOptions.Builder<Builder>, StructuredOutputChatOptions.Builder<Builder> {
    private String model;
    private Double frequencyPenalty;
    private Integer maxTokens;
    private Double presencePenalty;
    private List<String> stopSequences;
    private Double temperature;
    private Integer topK;
    private Double topP;
    private Long seed;
    private String user;
    private ToolChoice toolChoice;
    private ResponseFormat responseFormat;
    private String outputSchema;
    private final List<ToolCallback> toolCallbacks = new ArrayList<>();
    private final Map<String, Object> toolContext = new LinkedHashMap<>();
    private final Map<String, Object> litellmParameters = new LinkedHashMap<>();

    private Builder() {}

    @Override
    public Builder clone() {
      return build().mutate();
    }

    /** The model in LiteLLM's provider/model form, e.g. "openai/gpt-4o-mini". */
    @Override
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    @Override
    public Builder frequencyPenalty(Double frequencyPenalty) {
      this.frequencyPenalty = frequencyPenalty;
      return this;
    }

    @Override
    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    @Override
    public Builder presencePenalty(Double presencePenalty) {
      this.presencePenalty = presencePenalty;
      return this;
    }

    @Override
    public Builder stopSequences(List<String> stopSequences) {
      this.stopSequences = stopSequences;
      return this;
    }

    @Override
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    @Override
    public Builder topK(Integer topK) {
      this.topK = topK;
      return this;
    }

    @Override
    public Builder topP(Double topP) {
      this.topP = topP;
      return this;
    }

    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    /** A JSON schema the answer must follow; sent as a {@code json_schema} response format. */
    @Override
    public Builder outputSchema(String outputSchema) {
      this.outputSchema = outputSchema;
      return this;
    }

    @Override
    public Builder toolCallbacks(List<ToolCallback> toolCallbacks) {
      this.toolCallbacks.clear();
      this.toolCallbacks.addAll(toolCallbacks);
      return this;
    }

    @Override
    public Builder toolCallbacks(ToolCallback... toolCallbacks) {
      return toolCallbacks(List.of(toolCallbacks));
    }

    @Override
    public Builder toolContext(Map<String, Object> toolContext) {
      this.toolContext.putAll(toolContext);
      return this;
    }

    @Override
    public Builder toolContext(String key, Object value) {
      this.toolContext.put(key, value);
      return this;
    }

    /** A parameter passed to LiteLLM as it is, e.g. "api_base", "api_key", "num_retries". */
    public Builder litellmParameter(String name, Object value) {
      litellmParameters.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Parameters passed to LiteLLM as they are. */
    public Builder litellmParameters(Map<String, ?> parameters) {
      parameters.forEach(this::litellmParameter);
      return this;
    }

    /** Every value {@code other} sets wins over this builder's. */
    @Override
    public Builder combineWith(ChatOptions.Builder<?> other) {
      if (other != null && other != this) {
        combine(other.build());
      }
      return this;
    }

    Builder combine(ChatOptions o) {
      if (o.getModel() != null) {
        model = o.getModel();
      }
      if (o.getFrequencyPenalty() != null) {
        frequencyPenalty = o.getFrequencyPenalty();
      }
      if (o.getMaxTokens() != null) {
        maxTokens = o.getMaxTokens();
      }
      if (o.getPresencePenalty() != null) {
        presencePenalty = o.getPresencePenalty();
      }
      if (o.getStopSequences() != null) {
        stopSequences = o.getStopSequences();
      }
      if (o.getTemperature() != null) {
        temperature = o.getTemperature();
      }
      if (o.getTopK() != null) {
        topK = o.getTopK();
      }
      if (o.getTopP() != null) {
        topP = o.getTopP();
      }
      if (o instanceof ToolCallingChatOptions) {
        ToolCallingChatOptions t = (ToolCallingChatOptions) o;
        if (t.getToolCallbacks() != null && !t.getToolCallbacks().isEmpty()) {
          toolCallbacks.clear();
          toolCallbacks.addAll(t.getToolCallbacks());
        }
        if (t.getToolContext() != null) {
          toolContext.putAll(t.getToolContext());
        }
      }
      if (o instanceof StructuredOutputChatOptions && ((StructuredOutputChatOptions) o).getOutputSchema() != null) {
        outputSchema = ((StructuredOutputChatOptions) o).getOutputSchema();
      }
      if (o instanceof LiteLlmChatOptions) {
        LiteLlmChatOptions l = (LiteLlmChatOptions) o;
        seed = l.seed != null ? l.seed : seed;
        user = l.user != null ? l.user : user;
        toolChoice = l.toolChoice != null ? l.toolChoice : toolChoice;
        responseFormat = l.responseFormat != null ? l.responseFormat : responseFormat;
        litellmParameters.putAll(l.litellmParameters);
      }
      return this;
    }

    @Override
    public LiteLlmChatOptions build() {
      return new LiteLlmChatOptions(this);
    }
  }
}
