package dev.pylayer.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An embedding request in OpenAI's shape, passed to {@code litellm.aembedding}. */
public final class EmbeddingRequest {
  private final String model;
  private final List<String> input;
  private final Duration timeout;
  private volatile List<String> secrets;
  private final Map<String, Object> params;
  private final String paramsJson;

  private EmbeddingRequest(Builder b) {
    if (b.model == null || b.model.isBlank()) {
      throw new IllegalArgumentException("EmbeddingRequest needs a model, e.g. \"openai/text-embedding-3-small\"");
    }
    if (b.input.isEmpty()) {
      throw new IllegalArgumentException("EmbeddingRequest for " + b.model + " needs at least one input text");
    }
    this.model = b.model;
    this.input = List.copyOf(b.input);
    this.timeout = b.timeout;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("model", model);
    p.put("input", input);
    if (b.dimensions != null) {
      p.put("dimensions", b.dimensions);
    }
    if (b.encodingFormat != null) {
      p.put("encoding_format", b.encodingFormat);
    }
    if (b.user != null) {
      p.put("user", b.user);
    }
    p.putAll(b.extra);
    this.params = JsonFields.copy(p);
    this.paramsJson = Json.write(p);
  }

  /** A builder for a request to {@code model}. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** The model. */
  public String model() {
    return model;
  }

  /** The texts to embed. */
  public List<String> input() {
    return input;
  }

  /** This call's timeout, or null for the client's default. */
  public Duration timeout() {
    return timeout;
  }

  /** Everything passed to LiteLLM as keyword arguments. */
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
    return "EmbeddingRequest{model=" + model + ", inputs=" + input.size() + "}";
  }

  /** Builds an {@link EmbeddingRequest}. */
  public static final class Builder {
    private String model;
    private final List<String> input = new java.util.ArrayList<>();
    private Integer dimensions;
    private String encodingFormat;
    private String user;
    private Duration timeout;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private Builder(String model) {
      this.model = model;
    }

    /** The model, e.g. "openai/text-embedding-3-small". */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Appends one text to embed. */
    public Builder input(String text) {
      input.add(Objects.requireNonNull(text, "text"));
      return this;
    }

    /** Appends texts to embed. */
    public Builder input(List<String> texts) {
      texts.forEach(this::input);
      return this;
    }

    /** Output dimensions, where the model supports shortening. */
    public Builder dimensions(int dimensions) {
      this.dimensions = dimensions;
      return this;
    }

    /** "float" (default) or "base64"; both are decoded into float vectors. */
    public Builder encodingFormat(String encodingFormat) {
      this.encodingFormat = encodingFormat;
      return this;
    }

    /** End-user id passed to the provider. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** How long the JVM waits for this call; see {@link ChatRequest.Builder#timeout}. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** A parameter passed to {@code litellm.aembedding} as it is, e.g. "api_base". */
    public Builder extra(String name, Object value) {
      extra.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Parameters passed to {@code litellm.aembedding} as they are. */
    public Builder extra(Map<String, ?> parameters) {
      parameters.forEach(this::extra);
      return this;
    }

    /** The request. */
    public EmbeddingRequest build() {
      return new EmbeddingRequest(this);
    }
  }
}
