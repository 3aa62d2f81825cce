package dev.pylayer.verify;

import dev.pylayer.files.BundledResources;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the smoke test runs inside the built layer: Python code, and the environment variables set
 * besides {@code PYTHONHOME} and {@code PYTHONPATH}.
 */
public final class SmokeSpec {

  /**
   * The default smoke test, for a LiteLLM layer: a mock completion, real OpenAI-protocol calls
   * (plain, streamed, async) to a stub server on 127.0.0.1 inside the same process, and a token
   * count (the resource {@code litellm_smoke.py}). The import tracer watches the same code, so
   * everything a real call loads stays in the layer.
   */
  public static final String DEFAULT_CODE =
      BundledResources.text(SmokeSpec.class, "litellm_smoke.py");

  /**
   * Without these, {@code import litellm} fetches the model cost map over the network (5 s
   * timeout) and reads {@code .env} files (FACTS.md). 1.45.0 accepts exactly "True".
   */
  public static final Map<String, String> DEFAULT_ENV =
      Map.of("LITELLM_LOCAL_MODEL_COST_MAP", "True", "LITELLM_MODE", "PRODUCTION");

  private static final SmokeSpec DEFAULT = new SmokeSpec(true, DEFAULT_CODE, DEFAULT_ENV);

  private final boolean enabled;
  private final String code;
  private final Map<String, String> env;

  private SmokeSpec(boolean enabled, String code, Map<String, String> env) {
    this.enabled = enabled;
    this.code = Objects.requireNonNull(code, "code");
    this.env = Map.copyOf(env);
  }

  public static SmokeSpec defaults() {
    return DEFAULT;
  }

  public static SmokeSpec of(boolean enabled, String code, Map<String, String> env) {
    return new SmokeSpec(enabled, code, env);
  }

  public boolean enabled() {
    return enabled;
  }

  public String code() {
    return code;
  }

  /** Extra environment for the interpreter, sorted by name. */
  public Map<String, String> env() {
    return new java.util.TreeMap<>(env);
  }

  public SmokeSpec withEnabled(boolean value) {
    return new SmokeSpec(value, code, env);
  }

  public SmokeSpec withCode(String value) {
    return new SmokeSpec(enabled, value, env);
  }

  public SmokeSpec withEnv(Map<String, String> value) {
    Map<String, String> merged = new LinkedHashMap<>(value);
    return new SmokeSpec(enabled, code, merged);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SmokeSpec)) {
      return false;
    }
    SmokeSpec other = (SmokeSpec) o;
    return enabled == other.enabled && code.equals(other.code) && env.equals(other.env);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, code, env);
  }

}
