package dev.pylayer.runtime;

import java.util.Map;
import java.util.Objects;

/** Whether and which tool the model must call: a request's {@code tool_choice}. */
public final class ToolChoice {
  private static final ToolChoice AUTO = new ToolChoice("auto", null);
  private static final ToolChoice NONE = new ToolChoice("none", null);
  private static final ToolChoice REQUIRED = new ToolChoice("required", null);

  private final String mode;
  private final String functionName;

  private ToolChoice(String mode, String functionName) {
    this.mode = mode;
    this.functionName = functionName;
  }

  /** The model decides whether to call a tool (the default when tools are given). */
  public static ToolChoice auto() {
    return AUTO;
  }

  /** The model must not call a tool. */
  public static ToolChoice none() {
    return NONE;
  }

  /** The model must call at least one tool. */
  public static ToolChoice required() {
    return REQUIRED;
  }

  /** The model must call the function {@code name}. */
  public static ToolChoice function(String name) {
    return new ToolChoice("function", Objects.requireNonNull(name, "name"));
  }

  /** "auto", "none", "required" or "function". */
  public String mode() {
    return mode;
  }

  /** The function the model must call when {@link #mode()} is "function"; else null. */
  public String functionName() {
    return functionName;
  }

  /** The value sent: a string, or {@code {"type":"function","function":{"name":...}}}. */
  public Object toJson() {
    return functionName == null ? mode : Map.of("type", "function", "function", Map.of("name", functionName));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ToolChoice && mode.equals(((ToolChoice) o).mode) && Objects.equals(functionName, ((ToolChoice) o).functionName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, functionName);
  }

  @Override
  public String toString() {
    return functionName == null ? mode : "function " + functionName;
  }
}
