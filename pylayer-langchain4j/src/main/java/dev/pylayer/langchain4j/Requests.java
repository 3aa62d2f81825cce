package dev.pylayer.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.pylayer.runtime.ChatMessage;
import dev.pylayer.runtime.ChatRequest;
import dev.pylayer.runtime.ContentPart;
import dev.pylayer.runtime.FunctionTool;
import dev.pylayer.runtime.ResponseFormat;
import dev.pylayer.runtime.ToolCall;
import dev.pylayer.runtime.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** LangChain4j's chat requests as pylayer {@link ChatRequest}s. */
final class Requests {
  private Requests() {}

  /**
   * The pylayer request for {@code request}, whose parameters the caller has already merged with the
   * model's defaults; {@code extra} are LiteLLM parameters passed as they are (api_base, api_key, ...),
   * {@code timeout} the JVM's bound for the call or null.
   */
  static ChatRequest toPylayer(dev.langchain4j.model.chat.request.ChatRequest request, Map<String, Object> extra, java.time.Duration timeout) {
    ChatRequestParameters p = request.parameters();
    if (p.modelName() == null || p.modelName().isBlank()) {
      throw new IllegalArgumentException("no model: set modelName on the LiteLLM model's builder or in the request parameters,"
          + " in LiteLLM's provider/model form, e.g. \"openai/gpt-4o-mini\"");
    }
    ChatRequest.Builder b = ChatRequest.builder(p.modelName());
    for (dev.langchain4j.data.message.ChatMessage message : request.messages()) {
      b.message(message(message));
    }
    if (p.temperature() != null) {
      b.temperature(p.temperature());
    }
    if (p.topP() != null) {
      b.topP(p.topP());
    }
    if (p.topK() != null) {
      b.extra("top_k", p.topK());
    }
    if (p.frequencyPenalty() != null) {
      b.frequencyPenalty(p.frequencyPenalty());
    }
    if (p.presencePenalty() != null) {
      b.presencePenalty(p.presencePenalty());
    }
    if (p.maxOutputTokens() != null) {
      b.maxTokens(p.maxOutputTokens());
    }
    if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
      b.stop(p.stopSequences());
    }
    if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
      for (ToolSpecification spec : p.toolSpecifications()) {
        b.tool(tool(spec));
      }
      if (p.toolChoice() != null) {
        b.toolChoice(toolChoice(p.toolChoice()));
      }
    }
    if (p.responseFormat() != null) {
      b.responseFormat(responseFormat(p.responseFormat()));
    }
    b.extra(extra);
    if (timeout != null) {
      b.timeout(timeout);
    }
    return b.build();
  }

  static ChatMessage message(dev.langchain4j.data.message.ChatMessage message) {
    if (message instanceof SystemMessage) {
      return ChatMessage.system(((SystemMessage) message).text());
    }
    if (message instanceof UserMessage) {
      UserMessage user = (UserMessage) message;
      ChatMessage.Builder b = ChatMessage.builder("user");
      if (user.hasSingleText()) {
        b.content(user.singleText());
      } else {
        List<ContentPart> parts = new ArrayList<>();
        for (Content content : user.contents()) {
          parts.add(part(content));
        }
        b.contentParts(parts);
      }
      if (user.name() != null) {
        b.name(user.name());
      }
      return b.build();
    }
    if (message instanceof AiMessage) {
      AiMessage ai = (AiMessage) message;
      if (!ai.hasToolExecutionRequests()) {
        return ChatMessage.assistant(ai.text());
      }
      List<ToolCall> calls = new ArrayList<>();
      for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
        calls.add(ToolCall.function(call.id(), call.name(), call.arguments()));
      }
      return ChatMessage.assistant(ai.text(), calls);
    }
    if (message instanceof ToolExecutionResultMessage) {
      ToolExecutionResultMessage result = (ToolExecutionResultMessage) message;
      return ChatMessage.tool(result.id(), result.text());
    }
    throw new IllegalArgumentException("LiteLLM chat models take system, user, AI and tool result messages; got a "
        + message.type() + " message");
  }

  private static ContentPart part(Content content) {
    if (content instanceof TextContent) {
      return ContentPart.text(((TextContent) content).text());
    }
    if (content instanceof ImageContent) {
      ImageContent image = (ImageContent) content;
      String detail = image.detailLevel() == null ? null : image.detailLevel().name().toLowerCase(java.util.Locale.ROOT);
      if (image.image().url() != null) {
        return ContentPart.imageUrl(image.image().url().toString(), detail);
      }
      String mime = image.image().mimeType() == null ? "image/png" : image.image().mimeType();
      return ContentPart.imageUrl("data:" + mime + ";base64," + image.image().base64Data(), detail);
    }
    throw new IllegalArgumentException("LiteLLM chat models take text and image content in user messages; got "
        + content.type() + " content");
  }

  static FunctionTool tool(ToolSpecification spec) {
    FunctionTool.Builder b = FunctionTool.builder(spec.name());
    if (spec.description() != null) {
      b.description(spec.description());
    }
    if (spec.parameters() != null) {
      b.parameters(JsonSchemaElementUtils.toMap(spec.parameters()));
    }
    if (spec.strict() != null) {
      b.strict(spec.strict());
    }
    return b.build();
  }

  static ToolChoice toolChoice(dev.langchain4j.model.chat.request.ToolChoice choice) {
    switch (choice) {
      case REQUIRED:
        return ToolChoice.required();
      case NONE:
        return ToolChoice.none();
      default:
        return ToolChoice.auto();
    }
  }

  static ResponseFormat responseFormat(dev.langchain4j.model.chat.request.ResponseFormat format) {
    if (format.type() != ResponseFormatType.JSON) {
      return ResponseFormat.text();
    }
    JsonSchema schema = format.jsonSchema();
    if (schema == null) {
      return ResponseFormat.jsonObject();
    }
    String name = schema.name() == null || schema.name().isBlank() ? "response" : schema.name();
    // strict: OpenAI then holds the answer to the schema; LiteLLM drops it for providers without it.
    return ResponseFormat.jsonSchema(name, JsonSchemaElementUtils.toMap(schema.rootElement(), true), true);
  }
}
