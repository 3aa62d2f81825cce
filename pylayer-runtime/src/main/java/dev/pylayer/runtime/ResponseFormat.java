package dev.pylayer.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The shape of the answer: a request's {@code response_format}. Plain text, any JSON object, or JSON
 * following a schema (OpenAI's structured outputs; LiteLLM translates it for other providers).
 */
public final class ResponseFormat {
  private static final ResponseFormat TEXT = new ResponseFormat("text", null, null, null);
  private static final ResponseFormat JSON_OBJECT = new ResponseFormat("json_object", null, null, null);

  private final String type;
  private final String schemaName;
  private final Map<String, Object> schema;
  private final Boolean strict;

  private ResponseFormat(String type, String schemaName, Map<String, Object> schema, Boolean strict) {
    this.type = type;
    this.schemaName = schemaName;
    this.schema = schema;
    this.strict = strict;
  }

  /** Plain text (the default). */
  public static ResponseFormat text() {
    return TEXT;
  }

  /** Any valid JSON object ("JSON mode"; OpenAI wants the word JSON in the messages too). */
  public static ResponseFormat jsonObject() {
    return JSON_OBJECT;
  }

  /**
   * JSON following {@code schema}.
   *
   * @param name a name for the schema (letters, digits, '_' and '-')
   * @param schema the JSON Schema as maps and lists (copied)
   * @param strict whether the provider must follow the schema exactly
   */
  public static ResponseFormat jsonSchema(String name, Map<String, ?> schema, boolean strict) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
    return new ResponseFormat("json_schema", name, Json.parseObject(Json.write(schema)), strict);
  }

  /**
   * JSON following the schema given as JSON text.
   *
   * @throws IllegalArgumentException when {@code schemaJson} is not a JSON object
   */
  public static ResponseFormat jsonSchema(String name, String schemaJson, boolean strict) {
    Objects.requireNonNull(name, "name");
    try {
      return new ResponseFormat("json_schema", name, Json.parseObject(Objects.requireNonNull(schemaJson, "schemaJson")), strict);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the response format schema '" + name + "' is not a JSON object: " + e.getMessage(), e);
    }
  }

  /** "text", "json_object" or "json_schema". */
  public String type() {
    return type;
  }

  /** The schema's name for "json_schema"; else null. */
  public String schemaName() {
    return schemaName;
  }

  /** The JSON Schema for "json_schema"; else null. */
  public Map<String, Object> schema() {
    return schema;
  }

  /** The value sent, as plain maps: {@code {"type":"json_schema","json_schema":{"name","schema","strict"}}}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", type);
    if (schema != null) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("name", schemaName);
      spec.put("schema", schema);
      spec.put("strict", strict);
      json.put("json_schema", spec);
    }
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseFormat && toJson().equals(((ResponseFormat) o).toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return schemaName == null ? type : type + " " + schemaName;
  }
}
