package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed request members become the JSON LiteLLM expects, and typed responses read back. */
class TypedRequestTest {
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";

  private static Map<String, Object> sent(ChatRequest request) {
    // What the worker receives: the request's JSON, read back.
    return Json.parseObject(request.paramsJson());
  }

  @Test
  void functionToolsAndToolChoiceAreSentInOpenAiShape() {
    FunctionTool weather = FunctionTool.builder("get_weather").description("Weather now").parametersJson(SCHEMA).strict(true).build();
    Map<String, Object> json = sent(ChatRequest.builder("openai/gpt-4o-mini").message(ChatMessage.user("hi"))
        .tool(weather).tool(Tool.function("get_time", null, Map.of()))
        .toolChoice(ToolChoice.function("get_weather")).parallelToolCalls(false).build());

    assertThat(json.get("tools")).isEqualTo(List.of(
        Map.of("type", "function", "function", Map.of("name", "get_weather", "description", "Weather now",
            "parameters", Json.parseObject(SCHEMA), "strict", true)),
        Map.of("type", "function", "function", Map.of("name", "get_time",
            "parameters", Map.of("type", "object", "properties", Map.of())))));
    assertThat(json.get("tool_choice")).isEqualTo(Map.of("type", "function", "function", Map.of("name", "get_weather")));
    assertThat(json.get("parallel_tool_calls")).isEqualTo(false);
    assertThat(sent(ChatRequest.builder("m").message(ChatMessage.user("x")).toolChoice(ToolChoice.required()).build()))
        .containsEntry("tool_choice", "required")
        .doesNotContainKey("tools");
  }

  @Test
  void badToolNamesAndSchemasAreRefusedWithTheReason() {
    assertThatThrownBy(() -> FunctionTool.builder("get weather").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'get weather' is not allowed");
    assertThatThrownBy(() -> FunctionTool.builder("f").parametersJson("[1]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function tool 'f' is not a JSON object");
    assertThatThrownBy(() -> ResponseFormat.jsonSchema("s", "{", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema 's' is not a JSON object");
  }

  @Test
  void responseFormatsAreSentInOpenAiShape() {
    assertThat(sent(request(ResponseFormat.text()))).containsEntry("response_format", Map.of("type", "text"));
    assertThat(sent(request(ResponseFormat.jsonObject()))).containsEntry("response_format", Map.of("type", "json_object"));
    assertThat(sent(request(ResponseFormat.jsonSchema("city", SCHEMA, true)))).containsEntry("response_format",
        Map.of("type", "json_schema", "json_schema", Map.of("name", "city", "schema", Json.parseObject(SCHEMA), "strict", true)));
  }

  @Test
  void schemasAreCopiedWhenGiven() {
    Map<String, Object> schema = new java.util.LinkedHashMap<>(Map.of("type", "object"));
    ResponseFormat format = ResponseFormat.jsonSchema("s", schema, false);
    schema.put("type", "changed later");
    assertThat(format.schema()).containsEntry("type", "object");
  }

  @Test
  void multimodalUserContentIsSentAsParts() {
    byte[] png = "not really a png".getBytes(StandardCharsets.US_ASCII);
    ChatMessage message = ChatMessage.user(ContentPart.text("What is this?"),
        ContentPart.imageUrl("https://example.invalid/cat.jpg", "low"), ContentPart.image(png, "image/png"));
    Map<String, Object> json = sent(ChatRequest.builder("m").message(message).build());

    assertThat(json.get("messages")).isEqualTo(List.of(Map.of("role", "user", "content", List.of(
        Map.of("type", "text", "text", "What is this?"),
        Map.of("type", "image_url", "image_url", Map.of("url", "https://example.invalid/cat.jpg", "detail", "low")),
        Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,bm90IHJlYWxseSBhIHBuZw=="))))));
    assertThat(message.content()).isNull();
    assertThat(message.contentParts()).extracting(ContentPart::type).containsExactly("text", "image_url", "image_url");
    assertThatThrownBy(() -> ContentPart.image(png, "text/plain")).hasMessageContaining("must start with image/");
  }

  @Test
  void contentPartsReadBackTypedAndUnknownPartsUnchanged() {
    Map<String, Object> audio = Map.of("type", "input_audio", "input_audio", Map.of("data", "AAAA", "format", "wav"));
    ChatMessage message = ChatMessage.fromJson(Map.of("role", "user", "content", List.of(
        Map.of("type", "text", "text", "hi"), Map.of("type", "image_url", "image_url", Map.of("url", "https://x.invalid/a.png")), audio)));
    assertThat(message.contentParts().get(0).text()).isEqualTo("hi");
    assertThat(message.contentParts().get(1).imageUrl()).isEqualTo("https://x.invalid/a.png");
    assertThat(message.contentParts().get(2).type()).isEqualTo("input_audio");
    assertThat(message.contentParts().get(2).toJson()).isEqualTo(audio);
  }

  @Test
  void toolCallsRoundTripAsAssistantHistoryAndToolResults() {
    ChatResponse response = ChatResponse.parse("{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\","
        + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_9\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\",\\\"days\\\":2}\"}}]}}]}");
    ToolCall call = response.message().toolCalls().get(0);
    assertThat(call.parsedArguments()).containsEntry("city", "Oslo").containsEntry("days", 2L);

    Map<String, Object> json = sent(ChatRequest.builder("m")
        .message(ChatMessage.assistant(null, response.message().toolCalls()))
        .message(ChatMessage.tool(call, "{\"temp\":3}")).build());
    Map<String, Object> assistant = new java.util.LinkedHashMap<>();
    assistant.put("role", "assistant");
    assistant.put("content", null); // OpenAI's form of an answer that only calls tools
    assistant.put("tool_calls", List.of(Map.of("id", "call_9", "type", "function",
        "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Oslo\",\"days\":2}"))));
    assertThat(json.get("messages")).isEqualTo(List.of(assistant,
        Map.of("role", "tool", "content", "{\"temp\":3}", "tool_call_id", "call_9")));
    assertThatThrownBy(() -> ToolCall.function("call_x", "f", "not json").parsedArguments())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tool call call_x (f) are not a JSON object");
  }

  @Test
  void fixedStreamsServeTestDoubles() {
    List<ChatChunk> chunks = List.of(
        ChatChunk.parse("{\"id\":\"s\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}"),
        ChatChunk.parse("{\"id\":\"s\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}"));
    StringBuilder text = new StringBuilder();
    try (CompletionStream stream = CompletionStream.of(chunks)) {
      stream.forEach(c -> text.append(c.deltaContent()));
      assertThat(stream.isDone()).isTrue();
    }
    assertThat(text).hasToString("Hello");
    List<String> early = new ArrayList<>();
    try (CompletionStream stream = CompletionStream.of(chunks)) {
      for (ChatChunk chunk : stream) {
        early.add(chunk.deltaContent());
        stream.cancel();
      }
    }
    assertThat(early).containsExactly("Hel");
  }

  private static ChatRequest request(ResponseFormat format) {
    return ChatRequest.builder("m").message(ChatMessage.user("x")).responseFormat(format).build();
  }
}
