package dev.pylayer.springai;

import dev.pylayer.runtime.ChatMessage;
import dev.pylayer.runtime.ChatRequest;
import dev.pylayer.runtime.ContentPart;
import dev.pylayer.runtime.FunctionTool;
import dev.pylayer.runtime.ResponseFormat;
import dev.pylayer.runtime.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/** A Spring AI prompt with its merged options as a pylayer {@link ChatRequest}. */
final class SpringRequests {
  private SpringRequests() {}

  static ChatRequest toPylayer(List<Message> messages, LiteLlmChatOptions options, Duration timeout) {
    if (options.getModel() == null || options.getModel().isBlank()) {
      throw new IllegalArgumentException("no model: set pylayer.litellm.model, the model of LiteLlmChatOptions, or the"
          + " request's options, in LiteLLM's provider/model form, e.g. \"openai/gpt-4o-mini\"");
    }
    ChatRequest.Builder b = ChatRequest.builder(options.getModel());
    for (Message message : messages) {
      for (ChatMessage m : messages(message)) {
        b.message(m);
      }
    }
    if (options.getTemperature() != null) {
      b.temperature(options.getTemperature());
    }
    if (options.getTopP() != null) {
      b.topP(options.getTopP());
    }
    if (options.getTopK() != null) {
      b.extra("top_k", options.getTopK());
    }
    if (options.getMaxTokens() != null) {
      b.maxTokens(options.getMaxTokens());
    }
    if (options.getStopSequences() != null && !options.getStopSequences().isEmpty()) {
      b.stop(options.getStopSequences());
    }
    if (options.getFrequencyPenalty() != null) {
      b.frequencyPenalty(options.getFrequencyPenalty());
    }
    if (options.getPresencePenalty() != null) {
      b.presencePenalty(options.getPresencePenalty());
    }
    if (options.getSeed() != null) {
      b.seed(options.getSeed());
    }
    if (options.getUser() != null) {
      b.user(options.getUser());
    }
    for (ToolCallback callback : options.getToolCallbacks()) {
      b.tool(tool(callback.getToolDefinition()));
    }
    if (options.getToolChoice() != null && !options.getToolCallbacks().isEmpty()) {
      b.toolChoice(options.getToolChoice());
    }
    if (options.getOutputSchema() != null && !options.getOutputSchema().isBlank()) {
      b.responseFormat(ResponseFormat.jsonSchema("response", options.getOutputSchema(), true));
    } else if (options.getResponseFormat() != null) {
      b.responseFormat(options.getResponseFormat());
    }
    b.extra(options.getLitellmParameters());
    if (timeout != null) {
      b.timeout(timeout);
    }
    return b.build();
  }

  static FunctionTool tool(ToolDefinition definition) {
    FunctionTool.Builder b = FunctionTool.builder(definition.name()).description(definition.description());
    if (definition.inputSchema() != null && !definition.inputSchema().isBlank()) {
      b.parametersJson(definition.inputSchema());
    }
    return b.build();
  }

  static List<ChatMessage> messages(Message message) {
    if (message instanceof SystemMessage) {
      return List.of(ChatMessage.system(message.getText()));
    }
    if (message instanceof UserMessage) {
      UserMessage user = (UserMessage) message;
      if (user.getMedia() == null || user.getMedia().isEmpty()) {
        return List.of(ChatMessage.user(user.getText()));
      }
      List<ContentPart> parts = new ArrayList<>();
      if (user.getText() != null && !user.getText().isEmpty()) {
        parts.add(ContentPart.text(user.getText()));
      }
      for (Media media : user.getMedia()) {
        parts.add(image(media));
      }
      return List.of(ChatMessage.user(parts));
    }
    if (message instanceof AssistantMessage) {
      AssistantMessage assistant = (AssistantMessage) message;
      if (!assistant.hasToolCalls()) {
        return List.of(ChatMessage.assistant(assistant.getText()));
      }
      List<ToolCall> calls = new ArrayList<>();
      for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
        calls.add(ToolCall.function(call.id(), call.name(), call.arguments()));
      }
      String text = assistant.getText() == null || assistant.getText().isEmpty() ? null : assistant.getText();
      return List.of(ChatMessage.assistant(text, calls));
    }
    if (message instanceof ToolResponseMessage) {
      List<ChatMessage> results = new ArrayList<>();
      for (ToolResponseMessage.ToolResponse response : ((ToolResponseMessage) message).getResponses()) {
        results.add(ChatMessage.tool(response.id(), response.responseData()));
      }
      return results;
    }
    throw new IllegalArgumentException("LiteLLM chat models take system, user, assistant and tool response messages; got a "
        + message.getMessageType() + " message");
  }

  private static ContentPart image(Media media) {
    String mime = media.getMimeType().toString();
    if (!mime.startsWith("image/")) {
      throw new IllegalArgumentException("LiteLLM chat models take image media in user messages; got " + mime);
    }
    Object data = media.getData();
    if (data instanceof String) {
      String text = (String) data;
      return text.startsWith("http://") || text.startsWith("https://") || text.startsWith("data:")
          ? ContentPart.imageUrl(text) : ContentPart.imageUrl("data:" + mime + ";base64," + text);
    }
    return ContentPart.imageUrl("data:" + mime + ";base64," + Base64.getEncoder().encodeToString(media.getDataAsByteArray()));
  }
}
