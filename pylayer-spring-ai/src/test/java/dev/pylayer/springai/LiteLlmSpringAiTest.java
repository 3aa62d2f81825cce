package dev.pylayer.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.runtime.FakeOpenAiServer;
import dev.pylayer.runtime.LiteLlmClient;
import dev.pylayer.runtime.LiteLlmSetup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.AdvisorParams;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * The Spring AI models through the real worker (fixture LiteLLM, or the real one with {@code
 * -Dpylayer.litellm.wheels}) against the OpenAI-compatible stub on 127.0.0.1.
 */
class LiteLlmSpringAiTest {
  private static final String KEY = "sk-test-spring-ai-0000";
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

  private static LiteLlmChatModel model(String model) {
    return LiteLlmChatModel.builder().client(client).defaultOptions(LiteLlmChatOptions.builder()
        .model("openai/" + model).litellmParameters(Map.of("api_base", server.apiBase(), "api_key", KEY, "max_retries", 0))
        .build()).build();
  }

  @Test
  void callAnswersWithOptionsUsageAndFinishReason() {
    ChatResponse response = model("echo").call(new Prompt("spring plain hello",
        ChatOptions.builder().temperature(0.3).maxTokens(40).topK(5).build()));

    assertThat(response.getResult().getOutput().getText()).isEqualTo("echo: spring plain hello");
    assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("stop");
    assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(7);
    assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(3);
    assertThat(response.getMetadata().getId()).isEqualTo("chatcmpl-test");
    Map<String, Object> sent = server.requestMentioning("spring plain hello").body;
    assertThat(sent).containsEntry("model", "echo").containsEntry("temperature", 0.3)
        .containsEntry("max_tokens", 40L).containsEntry("top_k", 5L);
  }

  @Test
  void chatClientStreamsAFlux() {
    List<String> pieces = ChatClient.create(model("echo")).prompt().user("spring stream one two three")
        .stream().content().collectList().block(Duration.ofSeconds(60));

    assertThat(pieces).hasSizeGreaterThan(3);
    assertThat(String.join("", pieces)).isEqualTo("echo: spring stream one two three");
    assertThat(server.requestMentioning("spring stream one two three").body).containsEntry("stream", true);
  }

  @Test
  void streamEndsWithTheFinishReason() {
    List<ChatResponse> responses = model("echo").stream(new Prompt("spring stream finish"))
        .collectList().block(Duration.ofSeconds(60));
    assertThat(responses.get(responses.size() - 1).getResult().getMetadata().getFinishReason()).isEqualTo("stop");
  }

  /** The tools Spring AI offers the model. */
  static final class WeatherTools {
    final List<String> cities = new CopyOnWriteArrayList<>();

    @Tool(name = "get_weather", description = "The weather in a city")
    String weather(@ToolParam(description = "the city") String city) {
      cities.add(city);
      return "sunny in " + city;
    }
  }

  @Test
  void chatClientRunsAToolRoundTrip() {
    WeatherTools tools = new WeatherTools();

    String answer = ChatClient.create(model("tools")).prompt().user("spring round trip: weather in Paris?")
        .tools(tools).call().content();

    assertThat(tools.cities).containsExactly("Paris");
    // Spring AI sends a tool's result as JSON, so the stub echoes a JSON string.
    assertThat(answer).isEqualTo("echo: \"sunny in Paris\"");
    Map<String, Object> first = server.requestMentioning("spring round trip").body;
    assertThat(first.get("tools").toString()).contains("get_weather").contains("city");
    List<?> messages = (List<?>) server.requestMentioning("sunny in Paris").body.get("messages");
    @SuppressWarnings("unchecked")
    Map<String, Object> last = (Map<String, Object>) messages.get(messages.size() - 1);
    assertThat(last).containsEntry("role", "tool").containsEntry("tool_call_id", "call_1");
  }

  @Test
  void streamedToolRoundTrip() {
    WeatherTools tools = new WeatherTools();

    List<String> pieces = ChatClient.create(model("tools")).prompt().user("spring streamed round trip: weather?")
        .tools(tools).stream().content().collectList().block(Duration.ofSeconds(60));

    assertThat(tools.cities).containsExactly("Paris");
    assertThat(String.join("", pieces)).isEqualTo("echo: \"sunny in Paris\"");
  }

  record Weather(String city, int temperature, boolean sunny) {}

  @Test
  void nativeStructuredOutputIsAJsonSchemaAnswer() {
    Weather weather = ChatClient.create(model("echo")).prompt().user("spring schema: warm in Lyon")
        .advisors(AdvisorParams.ENABLE_NATIVE_STRUCTURED_OUTPUT).call().entity(Weather.class);

    // The stub fills in the schema it was sent: that the answer parses proves the schema went out.
    assertThat(weather).isEqualTo(new Weather("sample city", 42, true));
    Map<?, ?> format = (Map<?, ?>) server.requestMentioning("spring schema: warm in Lyon").body.get("response_format");
    assertThat(format.get("type")).isEqualTo("json_schema");
  }

  @Test
  void embeddingsComeBackInOrder() {
    LiteLlmEmbeddingModel model = LiteLlmEmbeddingModel.builder().client(client).model("openai/text-embedding-3-small")
        .litellmParameters(Map.of("api_base", server.apiBase(), "api_key", KEY)).build();

    EmbeddingResponse response = model.embedForResponse(List.of("abc", "hello"));

    assertThat(response.getResults()).hasSize(2);
    assertThat(response.getResults().get(0).getOutput()).containsExactly(3f, 0f, 0.5f);
    assertThat(response.getResults().get(1).getOutput()).containsExactly(5f, 1f, 0.5f);
    assertThat(model.embed("x")).hasSize(3);
  }

  @Test
  void rateLimitIsTransient() {
    assertThatThrownBy(() -> model("status-429").call(new Prompt("limited")))
        .isInstanceOf(TransientAiException.class)
        .hasCauseInstanceOf(dev.pylayer.runtime.RateLimitException.class);
  }

  @Test
  void badKeyIsNonTransient() {
    assertThatThrownBy(() -> model("status-401").call(new Prompt("unauthorized")))
        .isInstanceOf(NonTransientAiException.class)
        .hasCauseInstanceOf(dev.pylayer.runtime.AuthenticationException.class);
  }

  @Test
  void streamErrorsAreMappedToo() {
    assertThatThrownBy(() -> model("status-429").stream(new Prompt("stream limited")).blockLast(Duration.ofSeconds(60)))
        .isInstanceOf(TransientAiException.class);
  }
}
