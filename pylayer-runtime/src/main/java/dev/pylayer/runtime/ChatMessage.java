package dev.pylayer.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chat message in OpenAI's shape: role, content (text, or {@link ContentPart}s such as text and
 * images), and optionally name, tool calls (assistant) or the id of the tool call it answers (tool).
 * Also the {@code delta} of a stream chunk, where every member may be absent.
 *
 * <pre>{@code
 * ChatMessage.user(ContentPart.text("Describe this"), ContentPart.imageUrl("https://..."));
 * ChatMessage answer = response.message();            // may hold toolCalls()
 * ChatMessage.tool(answer.toolCalls().get(0), "{\"temperature\": 21}");   // the tool's result
 * }</pre>
 */
public final class ChatMessage {
  private final String role;
  private final String content;
  private final List<ContentPart> contentParts;
  private final String name;
  private final List<ToolCall> toolCalls;
  private final String toolCallId;

  private ChatMessage(Builder b) {
    this.role = b.role;
    this.content = b.content;
    this.contentParts = JsonFields.copy(b.contentParts);
    this.name = b.name;
    this.toolCalls = JsonFields.copy(b.toolCalls);
    this.toolCallId = b.toolCallId;
  }

  /** A system message. */
  public static ChatMessage system(String content) {
    return builder("system").content(content).build();
  }

  /** A user message. */
  public static ChatMessage user(String content) {
    return builder("user").content(content).build();
  }

  /** A user message of several parts, e.g. text and images. */
  public static ChatMessage user(ContentPart... parts) {
    return user(Arrays.asList(parts));
  }

  /** A user message of several parts, e.g. text and images. */
  public static ChatMessage user(List<ContentPart> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a multi-part user message needs at least one part");
    }
    return builder("user").contentParts(parts).build();
  }

  /** An assistant message, e.g. an earlier answer replayed as history. */
  public static ChatMessage assistant(String content) {
    return builder("assistant").content(content).build();
  }

  /** An assistant message that called tools (content may be null), replayed as history before the tools' results. */
  public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
    return builder("assistant").content(content).toolCalls(toolCalls).build();
  }

  /** The result of the tool call {@code toolCallId}. */
  public static ChatMessage tool(String toolCallId, String content) {
    return builder("tool").toolCallId(Objects.requireNonNull(toolCallId, "toolCallId")).content(content).build();
  }

  /** The result of {@code call}. */
  public static ChatMessage tool(ToolCall call, String content) {
    return tool(Objects.requireNonNull(call, "call").id(), content);
  }

  /** A builder for a message with {@code role} ("system", "user", "assistant", "tool", ...). */
  public static Builder builder(String role) {
    return new Builder().role(Objects.requireNonNull(role, "role"));
  }

  static ChatMessage fromJson(Map<String, Object> json) {
    Builder b = new Builder();
    b.role = JsonFields.string(json, "role");
    Object content = json.get("content");
    if (content instanceof String) {
      b.content = (String) content;
    } else if (content instanceof List) {
      b.contentParts = JsonFields.objects(json, "content", ContentPart::fromJson);
    }
    b.name = JsonFields.string(json, "name");
    b.toolCalls = JsonFields.objects(json, "tool_calls", ToolCall::fromJson);
    b.toolCallId = JsonFields.string(json, "tool_call_id");
    return b.build();
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("role", role);
    if (!contentParts.isEmpty()) {
      List<Object> parts = new ArrayList<>(contentParts.size());
      for (ContentPart part : contentParts) {
        parts.add(part.toJson());
      }
      json.put("content", parts);
    } else {
      // OpenAI accepts a null content only on assistant messages with tool calls; send what was given.
      json.put("content", content);
    }
    if (name != null) {
      json.put("name", name);
    }
    if (!toolCalls.isEmpty()) {
      List<Object> calls = new ArrayList<>(toolCalls.size());
      for (ToolCall call : toolCalls) {
        calls.add(call.toJson());
      }
      json.put("tool_calls", calls);
    }
    if (toolCallId != null) {
      json.put("tool_call_id", toolCallId);
    }
    return json;
  }

  /** "system", "user", "assistant", "tool"; null in stream deltas after the first. */
  public String role() {
    return role;
  }

  /**
   * The text content; null when absent (e.g. an assistant message holding only tool calls, or a
   * message given as {@link #contentParts()}).
   */
  public String content() {
    return content;
  }

  /** Multi-part content (e.g. text and image parts), when given as parts; else empty. */
  public List<ContentPart> contentParts() {
    return contentParts;
  }

  /** The optional participant name. */
  public String name() {
    return name;
  }

  /** Tool calls requested by the assistant; empty when none. */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** For role "tool": the id of the call this message answers. */
  public String toolCallId() {
    return toolCallId;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ChatMessage)) {
      return false;
    }
    ChatMessage other = (ChatMessage) o;
    return Objects.equals(role, other.role)
        && Objects.equals(content, other.content)
        && contentParts.equals(other.contentParts)
        && Objects.equals(name, other.name)
        && toolCalls.equals(other.toolCalls)
        && Objects.equals(toolCallId, other.toolCallId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, content, contentParts, name, toolCalls, toolCallId);
  }

  @Override
  public String toString() {
    return role + ": " + (content != null ? content : contentParts.isEmpty() ? toolCalls : contentParts);
  }

  /** Builds a {@link ChatMessage}. */
  public static final class Builder {
    private String role;
    private String content;
    private List<ContentPart> contentParts;
    private String name;
    private List<ToolCall> toolCalls;
    private String toolCallId;

    private Builder() {}

    /** The role. */
    public Builder role(String role) {
      this.role = role;
      return this;
    }

    /** Text content. */
    public Builder content(String content) {
      this.content = content;
      return this;
    }

    /** Multi-part content (text and image parts); sent instead of text content. */
    public Builder contentParts(List<ContentPart> parts) {
      this.contentParts = parts;
      return this;
    }

    /** The participant name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Tool calls of an assistant message. */
    public Builder toolCalls(List<ToolCall> toolCalls) {
      this.toolCalls = toolCalls;
      return this;
    }

    /** The tool call a "tool" message answers. */
    public Builder toolCallId(String toolCallId) {
      this.toolCallId = toolCallId;
      return this;
    }

    /** The message. */
    public ChatMessage build() {
      return new ChatMessage(this);
    }
  }
}
