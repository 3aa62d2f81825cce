package dev.pylayer.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tool (function) call requested by the model, as in OpenAI's {@code tool_calls}. In stream chunks
 * a call arrives in pieces: {@link #index()} says which call a piece belongs to, and {@link
 * #arguments()} holds the next part of the arguments string.
 */
public final class ToolCall {
  private final int index;
  private final String id;
  private final String type;
  private final String functionName;
  private final String arguments;

  private ToolCall(int index, String id, String type, String functionName, String arguments) {
    this.index = index;
    this.id = id;
    this.type = type;
    this.functionName = functionName;
    this.arguments = arguments;
  }

  /** A function call with its JSON {@code arguments}, e.g. to replay an assistant message. */
  public static ToolCall function(String id, String name, String arguments) {
    return new ToolCall(0, Objects.requireNonNull(id, "id"), "function", Objects.requireNonNull(name, "name"), arguments == null ? "{}" : arguments);
  }

  static ToolCall fromJson(Map<String, Object> json) {
    Map<String, Object> function = JsonFields.object(json, "function");
    Integer index = JsonFields.integer(json, "index");
    return new ToolCall(
        index == null ? 0 : index,
        JsonFields.string(json, "id"),
        JsonFields.string(json, "type"),
        function == null ? null : JsonFields.string(function, "name"),
        function == null ? null : JsonFields.string(function, "arguments"));
  }

  Map<String, Object> toJson() {
    Map<String, Object> function = new LinkedHashMap<>();
    function.put("name", functionName);
    function.put("arguments", arguments);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("type", type == null ? "function" : type);
    json.put("function", function);
    return json;
  }

  /** Position of this call among the message's calls (meaningful in stream chunks). */
  public int index() {
    return index;
  }

  /** The call's id, to answer it with {@link ChatMessage#tool}; null in continuation chunks. */
  public String id() {
    return id;
  }

  /** "function"; null in continuation chunks. */
  public String type() {
    return type;
  }

  /** The function's name; null in continuation chunks. */
  public String functionName() {
    return functionName;
  }

  /** The arguments as the model wrote them: a JSON string; in stream chunks, a piece of it. */
  public String arguments() {
    return arguments;
  }

  /**
   * The arguments parsed: JSON objects as {@link Map}, arrays as {@link java.util.List}, numbers as
   * {@link Long} or {@link Double}, and strings, booleans and nulls as themselves.
   *
   * @throws IllegalArgumentException when the model wrote arguments that are not a JSON object
   */
  public Map<String, Object> parsedArguments() {
    if (arguments == null || arguments.isBlank()) {
      return Map.of();
    }
    try {
      return Json.parseObject(arguments);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the arguments of tool call " + id + " (" + functionName + ") are not a JSON object: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ToolCall)) {
      return false;
    }
    ToolCall other = (ToolCall) o;
    return index == other.index
        && Objects.equals(id, other.id)
        && Objects.equals(type, other.type)
        && Objects.equals(functionName, other.functionName)
        && Objects.equals(arguments, other.arguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, id, type, functionName, arguments);
  }

  @Override
  public String toString() {
    return "ToolCall{" + id + " " + functionName + "(" + arguments + ")}";
  }
}
