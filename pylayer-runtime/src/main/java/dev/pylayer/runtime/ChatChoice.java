package dev.pylayer.runtime;

import java.util.Map;

/**
 * One choice of a completion, or of a stream chunk (where {@code message} is the chunk's delta).
 *
 * @param index the choice's position
 * @param message the message, or in a chunk the delta (members absent when unchanged)
 * @param finishReason "stop", "length", "tool_calls", "content_filter"; null while a stream goes on
 */
public record ChatChoice(int index, ChatMessage message, String finishReason) {

  static ChatChoice fromJson(Map<String, Object> json, String messageKey) {
    Integer index = JsonFields.integer(json, "index");
    Map<String, Object> message = JsonFields.object(json, messageKey);
    return new ChatChoice(
        index == null ? 0 : index,
        ChatMessage.fromJson(message == null ? Map.of() : message),
        JsonFields.string(json, "finish_reason"));
  }
}
