package dev.pylayer.springai;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code pylayer.litellm.*}: the worker (interpreter, environment, timeouts) and the models' defaults.
 *
 * <pre>
 * pylayer.litellm.model=openai/gpt-4o-mini
 * pylayer.litellm.embedding-model=openai/text-embedding-3-small
 * pylayer.litellm.python=/opt/python/bin/python3.11        # default: found as PythonRuntime.detect() finds it
 * pylayer.litellm.environment.OPENAI_API_KEY=${OPENAI_API_KEY}
 * pylayer.litellm.parameters.num_retries=2                 # passed to LiteLLM as they are
 * </pre>
 */
@ConfigurationProperties(prefix = "pylayer.litellm")
public class PylayerLiteLlmProperties {
  private String model;
  private String embeddingModel;
  private String python;
  private Map<String, String> environment = new LinkedHashMap<>();
  private Map<String, String> parameters = new LinkedHashMap<>();
  private Duration timeout;
  private Duration startTimeout;
  private boolean startEagerly = true;

  /** The chat model in LiteLLM's provider/model form, e.g. "openai/gpt-4o-mini"; prompts may override it. */
  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  /** The embedding model; without it no EmbeddingModel bean is made. */
  public String getEmbeddingModel() {
    return embeddingModel;
  }

  public void setEmbeddingModel(String embeddingModel) {
    this.embeddingModel = embeddingModel;
  }

  /** The interpreter that has LiteLLM (a layer's bin/python3.11, or a venv's python). */
  public String getPython() {
    return python;
  }

  public void setPython(String python) {
    this.python = python;
  }

  /** Environment of the worker: provider keys, PYTHONPATH, LiteLLM settings. */
  public Map<String, String> getEnvironment() {
    return environment;
  }

  public void setEnvironment(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * LiteLLM parameters sent with every call (api_base, api_key, num_retries, ...). Values that read
   * as a number or true/false are sent as one.
   */
  public Map<String, String> getParameters() {
    return parameters;
  }

  public void setParameters(Map<String, String> parameters) {
    this.parameters = parameters;
  }

  /** How long one call may take (for streams: each next chunk); the client's default otherwise. */
  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  /** How long the worker may take to import LiteLLM and say ready. */
  public Duration getStartTimeout() {
    return startTimeout;
  }

  public void setStartTimeout(Duration startTimeout) {
    this.startTimeout = startTimeout;
  }

  /** Start the worker (import LiteLLM, ~2 s) while the context starts rather than on the first call. */
  public boolean isStartEagerly() {
    return startEagerly;
  }

  public void setStartEagerly(boolean startEagerly) {
    this.startEagerly = startEagerly;
  }

  /** {@link #getParameters()} with numbers and booleans typed. */
  Map<String, Object> typedParameters() {
    Map<String, Object> typed = new LinkedHashMap<>();
    parameters.forEach((name, value) -> typed.put(name, typed(value)));
    return typed;
  }

  private static Object typed(String value) {
    if (value == null) {
      return null;
    }
    if (value.equals("true") || value.equals("false")) {
      return Boolean.valueOf(value);
    }
    if (value.matches("-?\\d{1,18}")) {
      return Long.valueOf(value);
    }
    if (value.matches("-?\\d+\\.\\d+")) {
      return Double.valueOf(value);
    }
    return value;
  }
}
