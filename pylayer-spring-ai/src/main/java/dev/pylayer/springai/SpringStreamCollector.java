package dev.pylayer.springai;

import dev.pylayer.runtime.ChatChoice;
import dev.pylayer.runtime.ChatChunk;
import dev.pylayer.runtime.ToolCall;
import dev.pylayer.runtime.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * The chunks of one stream as Spring AI responses: one per text piece as it comes, and a last one with
 * the finish reason, the usage when the provider sent it, and the tool calls put together from their
 * pieces (the ChatClient's tool loop needs whole calls).
 */
final class SpringStreamCollector {
  private final Map<Integer, String[]> calls = new TreeMap<>(); // index -> {id, name, arguments}
  private String id;
  private String model;
  private String finishReason;
  private Usage usage;

  /** The response for this chunk's text, or null when it carries none. */
  ChatResponse accept(ChatChunk chunk) {
    if (id == null) {
      id = chunk.id();
    }
    if (chunk.model() != null) {
      model = chunk.model();
    }
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
    String text = null;
    for (ChatChoice choice : chunk.choices()) {
      if (choice.index() != 0) {
        continue;
      }
      if (choice.finishReason() != null) {
        finishReason = choice.finishReason();
      }
      if (choice.message() == null) {
        continue;
      }
      text = choice.message().content();
      for (ToolCall piece : choice.message().toolCalls()) {
        String[] call = calls.computeIfAbsent(piece.index(), i -> new String[] {null, null, ""});
        if (piece.id() != null && !piece.id().isEmpty()) {
          call[0] = piece.id();
        }
        if (piece.functionName() != null && !piece.functionName().isEmpty()) {
          call[1] = piece.functionName();
        }
        if (piece.arguments() != null) {
          call[2] += piece.arguments();
        }
      }
    }
    if (text == null || text.isEmpty()) {
      return null;
    }
    return new ChatResponse(List.of(SpringResponses.generation(text, List.of(), null)), SpringResponses.metadata(id, model, null));
  }

  /** The last response: finish reason, usage and whole tool calls, no text (it went out already). */
  ChatResponse finish() {
    List<AssistantMessage.ToolCall> toolCalls = new ArrayList<>();
    for (String[] call : calls.values()) {
      toolCalls.add(SpringResponses.toolCall(call[0], call[1], call[2]));
    }
    return new ChatResponse(List.of(SpringResponses.generation("", toolCalls, finishReason)),
        SpringResponses.metadata(id, model, usage));
  }
}
