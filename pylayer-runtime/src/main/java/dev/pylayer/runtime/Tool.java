package dev.pylayer.runtime;

import java.util.Map;

/**
 * A tool the model may call, sent in a request's {@code tools}. Today OpenAI's (and LiteLLM's) only
 * kind is a function: {@link FunctionTool}.
 */
public sealed interface Tool permits FunctionTool {

  /** A function tool named {@code name} whose arguments follow the JSON Schema {@code parameters}. */
  static FunctionTool function(String name, String description, Map<String, ?> parameters) {
    return FunctionTool.builder(name).description(description).parameters(parameters).build();
  }

  /** "function". */
  String type();

  /** The tool in OpenAI's JSON shape, as plain maps and lists. */
  Map<String, Object> toJson();
}
