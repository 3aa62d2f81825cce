package dev.pylayer.springai;

import dev.pylayer.runtime.ChatClient;
import dev.pylayer.runtime.EmbeddingResponse;
import dev.pylayer.runtime.LiteLlmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;

/**
 * Spring AI's {@link EmbeddingModel} over {@code litellm.aembedding}: one call per request. The
 * request's options may name another model or the dimensions.
 *
 * <pre>{@code
 * EmbeddingModel model = LiteLlmEmbeddingModel.builder()
 *     .client(client).model("openai/text-embedding-3-small").build();
 * float[] vector = model.embed("hello");
 * }</pre>
 */
public final class LiteLlmEmbeddingModel implements EmbeddingModel {
  private final ChatClient client;
  private final String model;
  private final Integer dimensions;
  private final Map<String, Object> litellmParameters;
  private final Duration timeout;

  private LiteLlmEmbeddingModel(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client: pass the pylayer ChatClient (e.g. a LiteLlmClient) to the builder");
    this.model = b.model;
    this.dimensions = b.dimensions;
    this.litellmParameters = Map.copyOf(b.litellmParameters);
    this.timeout = b.timeout;
  }

  /** A builder; {@code client} is required, and a model here or in each request's options. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public org.springframework.ai.embedding.EmbeddingResponse call(EmbeddingRequest request) {
    EmbeddingOptions options = request.getOptions();
    String chosen = options != null && options.getModel() != null ? options.getModel() : model;
    if (chosen == null || chosen.isBlank()) {
      throw new IllegalArgumentException("no embedding model: set pylayer.litellm.embedding-model, the builder's model,"
          + " or the request's options, in LiteLLM's provider/model form, e.g. \"openai/text-embedding-3-small\"");
    }
    Integer dims = options != null && options.getDimensions() != null ? options.getDimensions() : dimensions;
    dev.pylayer.runtime.EmbeddingRequest.Builder b = dev.pylayer.runtime.EmbeddingRequest.builder(chosen)
        .input(request.getInstructions()).extra(litellmParameters);
    if (dims != null) {
      b.dimensions(dims);
    }
    if (timeout != null) {
      b.timeout(timeout);
    }
    EmbeddingResponse response;
    try {
      response = client.embedding(b.build());
    } catch (LiteLlmException e) {
      throw SpringErrors.map(e);
    }
    List<Embedding> embeddings = new ArrayList<>();
    for (int i = 0; i < request.getInstructions().size(); i++) {
      embeddings.add(new Embedding(response.vector(i), i));
    }
    EmbeddingResponseMetadata metadata = new EmbeddingResponseMetadata(response.model(), response.usage() == null
        ? new EmptyUsage() : new DefaultUsage(response.usage().promptTokens(), 0, response.usage().totalTokens(), response.usage()));
    return new org.springframework.ai.embedding.EmbeddingResponse(embeddings, metadata);
  }

  @Override
  public float[] embed(Document document) {
    return embed(getEmbeddingContent(document));
  }

  /** Builds a {@link LiteLlmEmbeddingModel}. */
  public static final class Builder {
    private ChatClient client;
    private String model;
    private Integer dimensions;
    private final Map<String, Object> litellmParameters = new LinkedHashMap<>();
    private Duration timeout;

    private Builder() {}

    /** The pylayer client that runs LiteLLM; the model does not close it. */
    public Builder client(ChatClient client) {
      this.client = client;
      return this;
    }

    /** The default model, in LiteLLM's provider/model form. */
    public Builder model(String model) {
      this.model = model;
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
