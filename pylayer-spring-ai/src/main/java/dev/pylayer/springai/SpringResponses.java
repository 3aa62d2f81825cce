package dev.pylayer.springai;

import dev.pylayer.runtime.ChatChoice;
import dev.pylayer.runtime.ToolCall;
import dev.pylayer.runtime.Usage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/** pylayer responses as Spring AI's; finish reasons stay OpenAI's strings, as Spring AI's OpenAI model keeps them. */
final class SpringResponses {
  private SpringResponses() {}

  static ChatResponse toSpring(dev.pylayer.runtime.ChatResponse response) {
    List<Generation> generations = new ArrayList<>();
    for (ChatChoice choice : response.choices()) {
      List<AssistantMessage.ToolCall> calls = new ArrayList<>();
      for (ToolCall call : choice.message().toolCalls()) {
        calls.add(toolCall(call.id(), call.functionName(), call.arguments()));
      }
      generations.add(generation(choice.message().content(), calls, choice.finishReason()));
    }
    return new ChatResponse(generations, metadata(response.id(), response.model(), response.usage()));
  }

  static AssistantMessage.ToolCall toolCall(String id, String name, String arguments) {
    return new AssistantMessage.ToolCall(id, "function", name, arguments == null || arguments.isEmpty() ? "{}" : arguments);
  }

  static Generation generation(String text, List<AssistantMessage.ToolCall> calls, String finishReason) {
    AssistantMessage message = AssistantMessage.builder().content(text == null ? "" : text).toolCalls(calls).build();
    ChatGenerationMetadata metadata = finishReason == null ? ChatGenerationMetadata.NULL
        : ChatGenerationMetadata.builder().finishReason(finishReason).build();
    return new Generation(message, metadata);
  }

  static ChatResponseMetadata metadata(String id, String model, Usage usage) {
    return ChatResponseMetadata.builder()
        .id(id == null ? "" : id)
        .model(model == null ? "" : model)
        .usage(usage == null ? new EmptyUsage() : new DefaultUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens(), usage))
        .build();
  }
}
