package dev.pylayer.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One deployment in a {@link LiteLlmRouter}'s model list: the model group callers name (LiteLLM's
 * {@code model_name}) and how to reach this deployment of it ({@code litellm_params}: the model in
 * provider/model form, api_base, api_key, rpm, tpm, ...).
 *
 * <pre>{@code
 * RouterDeployment.builder("chat", "azure/gpt-4o-mini").apiBase(azureUrl).apiKey(azureKey).build()
 * }</pre>
 */
public final class RouterDeployment {
  private final String group;
  private final String model;
  private final Map<String, Object> litellmParams;
  private final List<String> secrets;

  private RouterDeployment(Builder b) {
    if (b.group == null || b.group.isBlank()) {
      throw new IllegalArgumentException("a router deployment needs a model group name (what callers pass as the model)");
    }
    if (b.model == null || b.model.isBlank()) {
      throw new IllegalArgumentException("router deployment of group '" + b.group
          + "' needs a model in LiteLLM's provider/model form, e.g. \"openai/gpt-4o-mini\"");
    }
    this.group = b.group;
    this.model = b.model;
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("model", b.model);
    params.putAll(b.params);
    // A deep copy through JSON: later changes to the caller's maps cannot reach the router.
    this.litellmParams = Json.parseObject(Json.write(params));
    this.secrets = List.copyOf(Redactor.secretsIn(litellmParams));
  }

  /** A deployment of {@code group} that calls {@code model} (LiteLLM's provider/model form). */
  public static Builder builder(String group, String model) {
    return new Builder(group, model);
  }

  /** A deployment of {@code group} that calls {@code model} with LiteLLM's defaults for it. */
  public static RouterDeployment of(String group, String model) {
    return builder(group, model).build();
  }

  /** The model group (what callers pass as the model). */
  public String group() {
    return group;
  }

  /** The model this deployment calls. */
  public String model() {
    return model;
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model_name", group);
    json.put("litellm_params", litellmParams);
    return json;
  }

  List<String> secrets() {
    return secrets;
  }

  @Override
  public String toString() {
    // The parameters may hold an api_key: name the group and the model only.
    return "RouterDeployment{" + group + " -> " + model + "}";
  }

  /** Builds a {@link RouterDeployment}. */
  public static final class Builder {
    private final String group;
    private final String model;
    private final Map<String, Object> params = new LinkedHashMap<>();

    private Builder(String group, String model) {
      this.group = group;
      this.model = model;
    }

    /** The provider's base URL. */
    public Builder apiBase(String apiBase) {
      return param("api_base", apiBase);
    }

    /** The provider's key for this deployment. */
    public Builder apiKey(String apiKey) {
      return param("api_key", apiKey);
    }

    /** Requests per minute this deployment takes (for usage-based routing and weighting). */
    public Builder rpm(int rpm) {
      return param("rpm", rpm);
    }

    /** Tokens per minute this deployment takes. */
    public Builder tpm(int tpm) {
      return param("tpm", tpm);
    }

    /** Any other of LiteLLM's {@code litellm_params}, as it is. */
    public Builder param(String name, Object value) {
      params.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    public RouterDeployment build() {
      return new RouterDeployment(this);
    }
  }
}
