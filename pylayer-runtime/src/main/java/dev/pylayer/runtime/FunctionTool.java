package dev.pylayer.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function the model may call: {@code {"type":"function","function":{"name", "description",
 * "parameters", "strict"}}}. The parameters are a JSON Schema, given as maps and lists or as JSON text.
 *
 * <pre>{@code
 * FunctionTool weather = FunctionTool.builder("get_weather")
 *     .description("Current weather in a city")
 *     .parametersJson("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")
 *     .build();
 * }</pre>
 */
public final class FunctionTool implements Tool {
  // OpenAI's rule for function names; a bad name fails here rather than as a provider's 400.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final String name;
  private final String description;
  private final Map<String, Object> parameters;
  private final Boolean strict;

  private FunctionTool(Builder b) {
    if (b.name == null || !NAME.matcher(b.name).matches()) {
      throw new IllegalArgumentException("function tool name '" + b.name
          + "' is not allowed: use 1 to 64 letters, digits, '_' or '-'");
    }
    this.name = b.name;
    this.description = b.description;
    this.parameters = b.parameters;
    this.strict = b.strict;
  }

  /** A builder for the function {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String type() {
    return "function";
  }

  /** The function's name, as the model will call it. */
  public String name() {
    return name;
  }

  /** What the function does, for the model; null when not given. */
  public String description() {
    return description;
  }

  /** The JSON Schema of the arguments; an empty map when not given. */
  public Map<String, Object> parameters() {
    return parameters;
  }

  /** Whether the provider must follow the schema exactly (OpenAI structured outputs); null when not set. */
  public Boolean strict() {
    return strict;
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> function = new LinkedHashMap<>();
    function.put("name", name);
    if (description != null) {
      function.put("description", description);
    }
    function.put("parameters", parameters.isEmpty() ? Map.of("type", "object", "properties", Map.of()) : parameters);
    if (strict != null) {
      function.put("strict", strict);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "function");
    json.put("function", function);
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunctionTool && toJson().equals(((FunctionTool) o).toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "FunctionTool{" + name + "}";
  }

  /** Builds a {@link FunctionTool}. */
  public static final class Builder {
    private final String name;
    private String description;
    private Map<String, Object> parameters = Map.of();
    private Boolean strict;

    private Builder(String name) {
      this.name = name;
    }

    /** What the function does, for the model. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** The arguments' JSON Schema as maps and lists (copied: later changes do not reach the tool). */
    public Builder parameters(Map<String, ?> schema) {
      Objects.requireNonNull(schema, "schema");
      // A deep copy through JSON also checks that every value can be sent.
      this.parameters = Json.parseObject(Json.write(schema));
      return this;
    }

    /**
     * The arguments' JSON Schema as JSON text.
     *
     * @throws IllegalArgumentException when {@code schemaJson} is not a JSON object
     */
    public Builder parametersJson(String schemaJson) {
      Objects.requireNonNull(schemaJson, "schemaJson");
      try {
        this.parameters = Json.parseObject(schemaJson);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the parameters schema of function tool '" + name + "' is not a JSON object: " + e.getMessage(), e);
      }
      return this;
    }

    /** Asks the provider to follow the schema exactly (OpenAI's {@code strict}). */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /**
     * The tool.
     *
     * @throws IllegalArgumentException when the name is not a valid function name
     */
    public FunctionTool build() {
      return new FunctionTool(this);
    }
  }
}
