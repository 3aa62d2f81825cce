package dev.pylayer.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.pylayer.runtime.ChatClient;
import dev.pylayer.runtime.EmbeddingRequest;
import dev.pylayer.runtime.EmbeddingResponse;
import dev.pylayer.runtime.LiteLlmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * LangChain4j's {@link EmbeddingModel} over {@code litellm.aembedding}: one call per {@code embedAll}.
 *
 * <pre>{@code
 * EmbeddingModel model = LiteLlmEmbeddingModel.builder()
 *     .client(client).modelName("openai/text-embedding-3-small").build();
 * float[] vector = model.embed("hello").content().vector();
 * }</pre>
 */
public final class LiteLlmEmbeddingModel implements EmbeddingModel {
  private final ChatClient client;
  private final String modelName;
  private final Integer dimensions;
  private final Map<String, Object> litellmParameters;
  private final Duration timeout;

  private LiteLlmEmbeddingModel(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client: pass the ChatClient (e.g. a LiteLlmClient) to the builder");
    if (b.modelName == null || b.modelName.isBlank()) {
      throw new IllegalArgumentException("modelName is required, in LiteLLM's provider/model form, e.g. \"openai/text-embedding-3-small\"");
    }
    this.modelName = b.modelName;
    this.dimensions = b.dimensions;
    this.litellmParameters = Map.copyOf(b.litellmParameters);
    this.timeout = b.timeout;
  }

  /** A builder; {@code client} and {@code modelName} are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    if (segments.isEmpty()) {
      return Response.from(List.of());
    }
    List<String> texts = new ArrayList<>(segments.size());
    for (TextSegment segment : segments) {
      texts.add(segment.text());
    }
    EmbeddingRequest.Builder request = EmbeddingRequest.builder(modelName).input(texts).extra(litellmParameters);
    if (dimensions != null) {
      request.dimensions(dimensions);
    }
    if (timeout != null) {
      request.timeout(timeout);
    }
    EmbeddingResponse response;
    try {
      response = client.embedding(request.build());
    } catch (LiteLlmException e) {
      throw Errors.map(e);
    }
    List<Embedding> embeddings = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      embeddings.add(Embedding.from(response.vector(i)));
    }
    TokenUsage usage = response.usage() == null ? null
        : new TokenUsage(response.usage().promptTokens(), 0, response.usage().totalTokens());
    return Response.from(embeddings, usage);
  }

  @Override
  public String modelName() {
    return modelName;
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /** Builds a {@link LiteLlmEmbeddingModel}. */
  public static final class Builder {
    private ChatClient client;
    private String modelName;
    private Integer dimensions;
    private final Map<String, Object> litellmParameters = new LinkedHashMap<>();
    private Duration timeout;

    private Builder() {}

    /** The client that runs LiteLLM; the model does not close it. */
    public Builder client(ChatClient client) {
      this.client = client;
      return this;
    }

    /** The model in LiteLLM's provider/model form. */
    public Builder modelName(String modelName) {
      this.modelName = modelName;
      return this;
    }

    /** Dimensions of the vectors, for models that can shorten them. */
    public Builder dimensions(Integer dimensions) {
      this.dimensions = dimensions;
      return this;
    }

    /** A parameter passed to LiteLLM as it is: "api_base", "api_key", ... */
    public Builder litellmParameter(String name, Object value) {
      litellmParameters.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Parameters passed to LiteLLM as they are. */
    public Builder litellmParameters(Map<String, ?> parameters) {
      parameters.forEach(this::litellmParameter);
      return this;
    }

    /** How long a call may take in the JVM; the client's default otherwise. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public LiteLlmEmbeddingModel build() {
      return new LiteLlmEmbeddingModel(this);
    }
  }
}
