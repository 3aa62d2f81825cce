package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against a real worker process and a real HTTP server: the test fixture litellm by
 * default, real LiteLLM with {@code -Dpylayer.litellm.wheels=<dir>} (see {@link LiteLlmSetup}).
 */
class LiteLlmClientTest {
  private static final String KEY = "sk-test-0123456789abcdefghij";

  private static FakeOpenAiServer server;
  private static LiteLlmClient client;

  @BeforeAll
  static void startServerAndClient() throws Exception {
    server = new FakeOpenAiServer();
    client = LiteLlmClient.create(LiteLlmSetup.options(false).maxInFlight(64).build());
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

  private static ChatRequest.Builder chat(String model, String userText) {
    return ChatRequest.builder("openai/" + model)
        .message(ChatMessage.user(userText))
        .extra("api_base", server.apiBase())
        .extra("api_key", KEY)
        .extra("max_retries", 0);
  }

  @Test
  void startReportsInterpreterAndLitellmVersions() {
    WorkerInfo info = client.workerInfo();
    assertThat(info.pythonVersion()).matches("3\\.\\d+\\.\\d+");
    assertThat(info.litellmVersion()).isNotBlank();
    if (!LiteLlmSetup.real()) {
      assertThat(info.litellmVersion()).isEqualTo("0.0.0+pylayer.test.fixture");
    }
    assertThat(info.pid()).isPositive();
    assertThat(ProcessHandle.of(info.pid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    assertThat(client.start()).isEqualTo(info); // idempotent: same worker
  }

  @Test
  void pydanticModelsBuildOnFirstUseUnlessDeferPydanticBuildSaysFalse() {
    assumeFalse(LiteLlmSetup.real(), "the probe is the test fixture's");
    ChatRequest probe = chat("probe", "hi").extra("mock_response", "!pydantic-probe").build();
    String deferred = client.completion(probe).content();
    assumeFalse(deferred.equals("no pydantic 2"), "the host Python has no pydantic 2");

    assertThat(deferred).isEqualTo("built when made: False; after first use: True");
    try (LiteLlmClient eager = LiteLlmClient.create(LiteLlmSetup.options(false)
        .environment("DEFER_PYDANTIC_BUILD", "false").build())) {
      assertThat(eager.completion(probe).content()).isEqualTo("built when made: True; after first use: True");
    }
  }

  @Test
  void tiktokenEncodingsMadeAtImportAreBuiltOnFirstUseUnlessPylayerDeferTiktokenLoadSaysFalse() {
    assumeFalse(LiteLlmSetup.real(), "the probe is the test fixture's");
    ChatRequest probe = chat("probe", "hi").extra("mock_response", "!tiktoken-probe").build();

    assertThat(client.completion(probe).content())
        .isEqualTo("built before use: False; tokens: [1, 2]; built after use: True");
    try (LiteLlmClient eager = LiteLlmClient.create(LiteLlmSetup.options(false)
        .environment("PYLAYER_DEFER_TIKTOKEN_LOAD", "false").build())) {
      assertThat(eager.completion(probe).content())
          .isEqualTo("built before use: True; tokens: [1, 2]; built after use: True");
    }
  }

  @Test
  void whatImportLitellmMadeIsFrozenAndCollectionGoesOnUnlessPylayerGcFreezeSaysFalse() {
    assumeFalse(LiteLlmSetup.real(), "the probe is the test fixture's");
    ChatRequest probe = chat("probe", "hi").extra("mock_response", "!gc-probe").build();

    assertThat(client.completion(probe).content()).isEqualTo("frozen: True; collecting: True");
    try (LiteLlmClient unfrozen = LiteLlmClient.create(LiteLlmSetup.options(false)
        .environment("PYLAYER_GC_FREEZE", "false").build())) {
      assertThat(unfrozen.completion(probe).content()).isEqualTo("frozen: False; collecting: True");
    }
  }

  @Test
  void startInBackgroundReturnsAtOnceAndTheFirstCallWaitsForThatWorker() throws Exception {
    try (LiteLlmClient background = LiteLlmClient.create(LiteLlmSetup.options(false).build())) {
      CompletableFuture<WorkerInfo> started = background.startInBackground();
      assertThat(started).isNotDone(); // Python cannot have imported LiteLLM yet

      ChatResponse response = background.completion(chat("echo", "while starting").build());
      WorkerInfo info = started.get(2, TimeUnit.MINUTES);

      assertThat(response.content()).isEqualTo("echo: while starting");
      assertThat(background.workersStarted()).isEqualTo(1); // the call used the worker being started
      assertThat(background.workerInfo()).isEqualTo(info);
      assertThat(background.startInBackground().get(1, TimeUnit.MINUTES)).isEqualTo(info);
    }
  }

  @Test
  void completionReturnsTypedResponseAndRawJson() {
    ChatResponse response = client.completion(
        chat("echo", "hello completion")
            .message(ChatMessage.system("ignored"))
            .message(ChatMessage.user("hello completion"))
            .temperature(0.25)
            .maxTokens(33)
            .seed(7)
            .stop(List.of("END"))
            .user("user-42")
            .build());

    assertThat(response.content()).isEqualTo("echo: hello completion");
    assertThat(response.message().role()).isEqualTo("assistant");
    assertThat(response.choices()).hasSize(1);
    assertThat(response.choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(response.id()).isEqualTo("chatcmpl-test");
    assertThat(response.usage()).isEqualTo(new Usage(7, 3, 10));
    Map<String, Object> raw = Json.parseObject(response.rawJson());
    assertThat(raw.get("id")).isEqualTo("chatcmpl-test");
    assertThat(raw).containsKey("choices");

    FakeOpenAiServer.Recorded request = server.requestMentioning("hello completion");
    assertThat(request.headers.get("authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.body).containsEntry("model", "echo")
        .containsEntry("temperature", 0.25)
        .containsEntry("max_tokens", 33L)
        .containsEntry("seed", 7L)
        .containsEntry("stop", List.of("END"));
    // "user" is not checked: LiteLLM 1.45.0 does not forward it to an OpenAI-compatible api_base.
    assertThat((List<?>) request.body.get("messages")).hasSize(3);
  }

  @Test
  void mockResponseNeedsNoServer() {
    ChatResponse response = client.completion(
        ChatRequest.builder("gpt-3.5-turbo").message(ChatMessage.user("hi")).extra("mock_response", "mocked answer").build());
    assertThat(response.content()).isEqualTo("mocked answer");
  }

  @Test
  void toolCallsAreParsed() {
    FunctionTool tool = FunctionTool.builder("get_weather")
        .description("Current weather in a city")
        .parametersJson("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")
        .build();
    ChatResponse response = client.completion(chat("tools", "weather in Paris?").tool(tool).toolChoice(ToolChoice.auto()).build());

    ChatMessage message = response.message();
    assertThat(response.choices().get(0).finishReason()).isEqualTo("tool_calls");
    assertThat(message.toolCalls()).hasSize(1);
    ToolCall call = message.toolCalls().get(0);
    assertThat(call.id()).isEqualTo("call_1");
    assertThat(call.functionName()).isEqualTo("get_weather");
    assertThat(call.parsedArguments()).containsEntry("city", "Paris");
    Map<String, Object> sentTools = server.requestMentioning("weather in Paris?").body;
    assertThat(sentTools).containsEntry("tools", List.of(tool.toJson())).containsEntry("tool_choice", "auto");

    // The tool's answer goes back as history with the assistant's call.
    ChatResponse followUp = client.completion(chat("echo", "weather in Paris?")
        .message(ChatMessage.assistant(null, message.toolCalls()))
        .message(ChatMessage.tool(call, "sunny"))
        .build());
    assertThat(followUp.content()).isEqualTo("echo: sunny");
    List<?> sent = (List<?>) server.requestMentioning("sunny").body.get("messages");
    @SuppressWarnings("unchecked")
    Map<String, Object> toolMessage = (Map<String, Object>) sent.get(2);
    assertThat(toolMessage).containsEntry("role", "tool").containsEntry("tool_call_id", "call_1");
  }

  @Test
  void streamDeliversChunksInOrder() {
    StringBuilder text = new StringBuilder();
    List<ChatChunk> chunks = new ArrayList<>();
    try (CompletionStream stream = client.stream(chat("echo", "one two three four").build())) {
      for (ChatChunk chunk : stream) {
        chunks.add(chunk);
        text.append(chunk.deltaContent());
      }
      assertThat(stream.isDone()).isTrue();
    }
    assertThat(text.toString()).isEqualTo("echo: one two three four");
    assertThat(chunks.get(chunks.size() - 1).finishReason()).isEqualTo("stop");
    assertThat(Json.parseObject(chunks.get(1).rawJson())).containsKey("choices");
    assertThat(server.requestMentioning("one two three four").body).containsEntry("stream", true);
  }

  @Test
  void cancellingAStreamStopsItAndKeepsTheWorker() {
    String words = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20";
    CompletionStream stream = client.stream(chat("slowstream-200", words).build());
    var iterator = stream.iterator();
    assertThat(iterator.hasNext()).isTrue();
    iterator.next();
    stream.cancel();
    int rest = 0;
    while (iterator.hasNext()) {
      iterator.next();
      rest++;
    }
    assertThat(rest).isLessThan(words.split(" ").length);
    assertThat(stream.isDone()).isTrue();
    assertThat(client.completion(chat("echo", "after cancel").build()).content()).isEqualTo("echo: after cancel");
  }

  @Test
  void streamAsJavaStream() {
    String text;
    try (var chunks = client.stream(chat("echo", "alpha beta").build()).stream()) {
      text = chunks.map(ChatChunk::deltaContent).reduce("", String::concat);
    }
    assertThat(text).isEqualTo("echo: alpha beta");
  }

  @Test
  void embeddingsAreDecoded() {
    EmbeddingResponse response = client.embedding(EmbeddingRequest.builder("openai/text-embedding-3-small")
        .input("abc").input("hello")
        .extra("api_base", server.apiBase()).extra("api_key", KEY).extra("max_retries", 0)
        .build());
    assertThat(response.data()).hasSize(2);
    assertThat(response.vector(0)).containsExactly(3f, 0f, 0.5f);
    assertThat(response.vector(1)).containsExactly(5f, 1f, 0.5f);
    assertThat(Json.parseObject(response.rawJson())).containsKey("data");
  }

  @Test
  void providerErrorsBecomeTypedExceptions() {
    assertThatThrownBy(() -> client.completion(chat("status-401", "x").build()))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> {
          assertThat(e.statusCode()).hasValue(401);
          assertThat(e.provider()).hasValue("openai");
          assertThat(e.retryable()).isFalse();
          assertThat(e.type()).isEqualTo("AuthenticationError");
        });
    assertThatThrownBy(() -> client.completion(chat("status-429", "x").build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.statusCode()).hasValue(429);
          assertThat(e.retryable()).isTrue();
        });
    assertThatThrownBy(() -> client.completion(chat("status-500", "x").build()))
        .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.retryable()).isTrue());
    assertThatThrownBy(() -> client.completion(chat("status-503", "x").build()))
        .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> assertThat(e.retryable()).isTrue());
    assertThatThrownBy(() -> client.completion(chat("context", "x").build()))
        .isInstanceOf(ContextWindowExceededException.class)
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("maximum context length");
  }

  @Test
  void unreachableProviderIsAConnectionError() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    assertThatThrownBy(() -> client.completion(ChatRequest.builder("openai/echo").message(ChatMessage.user("x"))
            .extra("api_base", "http://127.0.0.1:" + closedPort + "/v1").extra("api_key", KEY).extra("max_retries", 0).build()))
        .isInstanceOfSatisfying(ApiConnectionException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void apiKeysNeverAppearInErrors() {
    assertThatThrownBy(() -> client.completion(chat("leak-key", "x").build()))
        .isInstanceOf(AuthenticationException.class)
        .satisfies(e -> {
          assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("0123456789abcdef").contains("[REDACTED]");
        });
  }

  @Test
  void manyConcurrentAsyncCallsGetTheirOwnAnswers() {
    List<CompletableFuture<ChatResponse>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      futures.add(client.completionAsync(chat(i % 2 == 0 ? "echo" : "slow-50", "concurrent " + i).build()));
    }
    for (int i = 0; i < futures.size(); i++) {
      assertThat(futures.get(i).orTimeout(60, TimeUnit.SECONDS).join().content()).isEqualTo("echo: concurrent " + i);
    }
  }

  @Test
  void manyThreadsCallingAtOnce() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 8; t++) {
      int n = t;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 10; i++) {
          answers.add(client.completion(chat("echo", "thread " + n + " call " + i).build()).content());
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join(60_000);
    }
    assertThat(answers).hasSize(80).contains("echo: thread 7 call 9", "echo: thread 0 call 0");
  }

  @Test
  void callTimeoutCancelsTheCallAndKeepsTheWorker() {
    long pid = client.workerInfo().pid();
    assertThatThrownBy(() -> client.completion(chat("slow-5000", "too slow").timeout(Duration.ofMillis(300)).build()))
        .isInstanceOfSatisfying(LiteLlmTimeoutException.class, e -> assertThat(e.type()).isEqualTo("CallTimeout"));
    assertThat(client.completion(chat("echo", "still here").build()).content()).isEqualTo("echo: still here");
    assertThat(client.workerInfo().pid()).isEqualTo(pid);
  }

  @Test
  void asyncTimeoutFailsTheFuture() {
    CompletableFuture<ChatResponse> future = client.completionAsync(chat("slow-5000", "async slow").timeout(Duration.ofMillis(300)).build());
    assertThat(future).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(LiteLlmTimeoutException.class);
  }

  @Test
  void pingMakesARoundTrip() {
    assertThat(client.ping()).isPositive();
  }
}
