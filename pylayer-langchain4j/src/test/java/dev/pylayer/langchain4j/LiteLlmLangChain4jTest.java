package dev.pylayer.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.service.AiServices;
import dev.pylayer.runtime.FakeOpenAiServer;
import dev.pylayer.runtime.LiteLlmClient;
import dev.pylayer.runtime.LiteLlmSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LangChain4j models through the real worker (fixture LiteLLM, or the real one with {@code
 * -Dpylayer.litellm.wheels}) against the OpenAI-compatible stub on 127.0.0.1.
 */
class LiteLlmLangChain4jTest {
  private static final String KEY = "sk-test-langchain4j-0000";
  private static FakeOpenAiServer server;
  private static LiteLlmClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new FakeOpenAiServer();
    client = LiteLlmClient.create(LiteLlmSetup.options(false).build());
    client.start();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, Object> stub() {
    return Map.of("api_base", server.apiBase(), "api_key", KEY, "max_retries", 0);
  }

  private static LiteLlmChatModel chatModel(String model) {
    return LiteLlmChatModel.builder().client(client).modelName("openai/" + model).litellmParameters(stub()).build();
  }

  private static LiteLlmStreamingChatModel streamingModel(String model) {
    return LiteLlmStreamingChatModel.builder().client(client).modelName("openai/" + model).litellmParameters(stub()).build();
  }

  @Test
  void plainChatAnswersWithUsageAndFinishReason() {
    ChatModel model = LiteLlmChatModel.builder().client(client).modelName("openai/echo").temperature(0.2)
        .maxOutputTokens(50).litellmParameters(stub()).build();

    ChatResponse response = model.chat(ChatRequest.builder().messages(UserMessage.from("plain hello")).build());

    assertThat(response.aiMessage().text()).isEqualTo("echo: plain hello");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(7);
    assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(3);
    assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(10);
    assertThat(response.id()).isEqualTo("chatcmpl-test");
    Map<String, Object> sent = server.requestMentioning("plain hello").body;
    assertThat(sent).containsEntry("model", "echo").containsEntry("temperature", 0.2).containsEntry("max_tokens", 50L);
    assertThat(server.requestMentioning("plain hello").headers.get("authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void streamDeliversPartialsThenTheWholeAnswer() throws Exception {
    Handler handler = new Handler();
    streamingModel("echo").chat("stream one two three", handler);
    ChatResponse response = handler.done.get(60, TimeUnit.SECONDS);

    assertThat(String.join("", handler.partials)).isEqualTo("echo: stream one two three");
    assertThat(handler.partials).hasSizeGreaterThan(3);
    assertThat(response.aiMessage().text()).isEqualTo("echo: stream one two three");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(server.requestMentioning("stream one two three").body).containsEntry("stream", true);
  }

  @Test
  void streamedToolCallArrivesInPiecesAndWhole() throws Exception {
    Handler handler = new Handler();
    ToolSpecification weather = ToolSpecification.builder().name("get_weather").description("Weather in a city")
        .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
    streamingModel("tools").chat(ChatRequest.builder().messages(UserMessage.from("streamed weather?"))
        .toolSpecifications(weather).build(), handler);
    ChatResponse response = handler.done.get(60, TimeUnit.SECONDS);

    assertThat(handler.partialCalls).isNotEmpty();
    assertThat(handler.completeCalls).hasSize(1);
    assertThat(handler.completeCalls.get(0).toolExecutionRequest().name()).isEqualTo("get_weather");
    assertThat(handler.completeCalls.get(0).toolExecutionRequest().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    assertThat(response.aiMessage().toolExecutionRequests()).hasSize(1);
    assertThat(response.aiMessage().toolExecutionRequests().get(0).id()).isEqualTo("call_1");
    @SuppressWarnings("unchecked")
    Map<String, Object> tool = (Map<String, Object>) ((List<?>) server.requestMentioning("streamed weather?").body.get("tools")).get(0);
    assertThat(tool).containsEntry("type", "function");
    assertThat(tool.get("function").toString()).contains("get_weather").contains("city");
  }

  /** The tools AiServices offers the model. */
  static final class WeatherTools {
    final List<String> cities = new CopyOnWriteArrayList<>();

    @Tool(name = "get_weather", value = "The weather in a city")
    String weather(@P(name = "city", value = "the city") String city) {
      cities.add(city);
      return "sunny in " + city;
    }
  }

  interface Assistant {
    String chat(String message);
  }

  @Test
  void aiServicesRunsAToolRoundTrip() {
    WeatherTools tools = new WeatherTools();
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(chatModel("tools")).tools(tools).build();

    String answer = assistant.chat("round trip: weather in Paris?");

    assertThat(tools.cities).containsExactly("Paris");
    assertThat(answer).isEqualTo("echo: sunny in Paris");
    // The second request carries the assistant's call and the tool's result, as OpenAI expects.
    List<?> messages = (List<?>) server.requestMentioning("sunny in Paris").body.get("messages");
    @SuppressWarnings("unchecked")
    Map<String, Object> call = (Map<String, Object>) messages.get(messages.size() - 2);
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) messages.get(messages.size() - 1);
    assertThat(call).containsEntry("role", "assistant").containsKey("tool_calls");
    assertThat(result).containsEntry("role", "tool").containsEntry("tool_call_id", "call_1").containsEntry("content", "sunny in Paris");
  }

  record Weather(String city, int temperature, boolean sunny) {}

  interface Extractor {
    Weather extract(String text);
  }

  @Test
  void aiServicesGetsAJsonSchemaAnswer() {
    Extractor extractor = AiServices.create(Extractor.class, chatModel("echo"));

    Weather weather = extractor.extract("schema: it is warm in Lyon");

    // The stub fills in the schema it was sent: that the answer parses proves the schema went out.
    assertThat(weather).isEqualTo(new Weather("sample city", 42, true));
    Map<?, ?> format = (Map<?, ?>) server.requestMentioning("schema: it is warm in Lyon").body.get("response_format");
    assertThat(format.get("type")).isEqualTo("json_schema");
    Map<?, ?> schema = (Map<?, ?>) ((Map<?, ?>) format.get("json_schema")).get("schema");
    assertThat(new java.util.TreeSet<Object>(((Map<?, ?>) schema.get("properties")).keySet())).containsExactly("city", "sunny", "temperature");
  }

  @Test
  void embeddingsComeBackInOrder() {
    LiteLlmEmbeddingModel model = LiteLlmEmbeddingModel.builder().client(client)
        .modelName("openai/text-embedding-3-small").litellmParameters(stub()).build();

    Response<List<Embedding>> response = model.embedAll(List.of(TextSegment.from("abc"), TextSegment.from("hello")));

    assertThat(response.content()).hasSize(2);
    assertThat(response.content().get(0).vector()).containsExactly(3f, 0f, 0.5f);
    assertThat(response.content().get(1).vector()).containsExactly(5f, 1f, 0.5f);
    assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(2);
    assertThat(model.embed("x").content().dimension()).isEqualTo(3);
  }

  @Test
  void rateLimitIsLangChain4jsRateLimitException() {
    assertThatThrownBy(() -> chatModel("status-429").chat("limited"))
        .isInstanceOf(RateLimitException.class)
        .hasCauseInstanceOf(dev.pylayer.runtime.RateLimitException.class)
        .hasMessageContaining("simulated status 429");
  }

  @Test
  void badKeyIsLangChain4jsAuthenticationException() {
    assertThatThrownBy(() -> chatModel("status-401").chat("unauthorized"))
        .isInstanceOf(AuthenticationException.class)
        .hasCauseInstanceOf(dev.pylayer.runtime.AuthenticationException.class);
  }

  @Test
  void streamErrorsReachTheHandlerMapped() throws Exception {
    Handler handler = new Handler();
    streamingModel("status-429").chat("streamed limit", handler);
    assertThat(handler.error.get(60, TimeUnit.SECONDS)).isInstanceOf(RateLimitException.class);
    assertThat(handler.done).isCompletedExceptionally(); // onCompleteResponse never came
  }

  @Test
  void missingModelNameSaysWhatToSet() {
    LiteLlmChatModel model = LiteLlmChatModel.builder().client(client).build();
    assertThatThrownBy(() -> model.chat("no model"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("modelName")
        .hasMessageContaining("openai/gpt-4o-mini");
  }

  static final class Handler implements StreamingChatResponseHandler {
    final List<String> partials = new CopyOnWriteArrayList<>();
    final List<PartialToolCall> partialCalls = new CopyOnWriteArrayList<>();
    final List<CompleteToolCall> completeCalls = new ArrayList<>();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    final CompletableFuture<Throwable> error = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partialResponse) {
      partials.add(partialResponse);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
      partialCalls.add(partialToolCall);
    }

    @Override
    public synchronized void onCompleteToolCall(CompleteToolCall completeToolCall) {
      completeCalls.add(completeToolCall);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      done.complete(completeResponse);
    }

    @Override
    public void onError(Throwable e) {
      // done first: a test woken by error then sees done already failed.
      done.completeExceptionally(e);
      error.complete(e);
    }
  }
}
