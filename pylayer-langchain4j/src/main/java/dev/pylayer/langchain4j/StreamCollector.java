package dev.pylayer.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.pylayer.runtime.ChatChoice;
import dev.pylayer.runtime.ChatChunk;
import dev.pylayer.runtime.ToolCall;
import dev.pylayer.runtime.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the chunks of one stream into LangChain4j's handler calls: text pieces as partial responses,
 * tool-call pieces as partial tool calls, each finished tool call once its last piece is in, and the
 * whole answer (text, tool calls, finish reason, usage) at the end.
 */
final class StreamCollector {
  private final StreamingChatResponseHandler handler;
  private final StreamingHandle handle;
  private final StringBuilder text = new StringBuilder();
  private final Map<Integer, PendingCall> calls = new TreeMap<>();
  private String id;
  private String model;
  private String finishReason;
  private Usage usage;
  private Integer currentCall;

  StreamCollector(StreamingChatResponseHandler handler, StreamingHandle handle) {
    this.handler = handler;
    this.handle = handle;
  }

  private static final class PendingCall {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
    boolean completed;
  }

  void accept(ChatChunk chunk) {
    if (id == null) {
      id = chunk.id();
    }
    if (chunk.model() != null) {
      model = chunk.model();
    }
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
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
      String piece = choice.message().content();
      if (piece != null && !piece.isEmpty()) {
        text.append(piece);
        handler.onPartialResponse(new PartialResponse(piece), new PartialResponseContext(handle));
      }
      for (ToolCall call : choice.message().toolCalls()) {
        toolCallPiece(call);
      }
    }
  }

  private void toolCallPiece(ToolCall piece) {
    int index = piece.index();
    if (currentCall != null && currentCall != index) {
      complete(currentCall);
    }
    currentCall = index;
    PendingCall call = calls.computeIfAbsent(index, i -> new PendingCall());
    if (piece.id() != null && !piece.id().isEmpty()) {
      call.id = piece.id();
    }
    if (piece.functionName() != null && !piece.functionName().isEmpty()) {
      call.name = piece.functionName();
    }
    String arguments = piece.arguments() == null ? "" : piece.arguments();
    call.arguments.append(arguments);
    if (arguments.isEmpty() || call.name == null) {
      return; // a piece with only the id and name: LangChain4j's partial calls carry arguments
    }
    handler.onPartialToolCall(PartialToolCall.builder()
        .index(index).id(call.id).name(call.name).partialArguments(arguments).build(), new PartialToolCallContext(handle));
  }

  private void complete(int index) {
    PendingCall call = calls.get(index);
    if (call != null && !call.completed) {
      call.completed = true;
      handler.onCompleteToolCall(new CompleteToolCall(index, request(call)));
    }
  }

  private static ToolExecutionRequest request(PendingCall call) {
    return Responses.toolRequest(call.id, call.name, call.arguments.toString());
  }

  /** The whole answer, after the last chunk; finishes the last tool call first. */
  ChatResponse finish() {
    if (currentCall != null) {
      complete(currentCall);
    }
    List<ToolExecutionRequest> requests = new ArrayList<>();
    for (PendingCall call : calls.values()) {
      requests.add(request(call));
    }
    String answer = text.length() == 0 && !requests.isEmpty() ? null : text.toString();
    return Responses.chatResponse(Responses.aiMessage(answer, requests), id, model, finishReason, usage);
  }
}
