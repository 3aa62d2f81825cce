package dev.pylayer.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.pylayer.runtime.ChatChoice;
import dev.pylayer.runtime.ToolCall;
import dev.pylayer.runtime.Usage;
import java.util.ArrayList;
import java.util.List;

/** pylayer responses as LangChain4j's. */
final class Responses {
  private Responses() {}

  static ChatResponse toLangChain4j(dev.pylayer.runtime.ChatResponse response) {
    if (response.choices().isEmpty()) {
      throw new dev.langchain4j.exception.LangChain4jException("LiteLLM answered " + response.model() + " with no choices");
    }
    ChatChoice choice = response.choices().get(0);
    List<ToolExecutionRequest> calls = new ArrayList<>();
    for (ToolCall call : choice.message().toolCalls()) {
      calls.add(toolRequest(call.id(), call.functionName(), call.arguments()));
    }
    return chatResponse(aiMessage(choice.message().content(), calls), response.id(), response.model(),
        choice.finishReason(), response.usage());
  }

  static AiMessage aiMessage(String text, List<ToolExecutionRequest> calls) {
    return AiMessage.builder().text(text).toolExecutionRequests(calls).build();
  }

  static ToolExecutionRequest toolRequest(String id, String name, String arguments) {
    return ToolExecutionRequest.builder().id(id).name(name).arguments(arguments == null || arguments.isEmpty() ? "{}" : arguments).build();
  }

  static ChatResponse chatResponse(AiMessage message, String id, String model, String finishReason, Usage usage) {
    return ChatResponse.builder()
        .aiMessage(message)
        .metadata(ChatResponseMetadata.builder()
            .id(id)
            .modelName(model)
            .tokenUsage(usage == null ? null : new TokenUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens()))
            .finishReason(finishReason(finishReason, !message.toolExecutionRequests().isEmpty()))
            .build())
        .build();
  }

  /** OpenAI's finish reasons, which LiteLLM uses for every provider. */
  static FinishReason finishReason(String reason, boolean toolCalls) {
    if (reason == null) {
      return toolCalls ? FinishReason.TOOL_EXECUTION : null;
    }
    switch (reason) {
      case "stop":
      case "eos":
        // Some providers say "stop" while calling tools; LangChain4j's tool loop wants TOOL_EXECUTION.
        return toolCalls ? FinishReason.TOOL_EXECUTION : FinishReason.STOP;
      case "length":
        return FinishReason.LENGTH;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_EXECUTION;
      case "content_filter":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.OTHER;
    }
  }
}
