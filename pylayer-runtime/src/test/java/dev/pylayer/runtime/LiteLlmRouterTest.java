package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LiteLLM's Router through the worker (fixture LiteLLM, or the real one) against the stub. */
class LiteLlmRouterTest {
  private static final String KEY = "sk-test-router-key-0000";
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
    client.close();
    server.close();
  }

  private static RouterDeployment deployment(String group, String stubModel) {
    // max_retries 0: the provider SDK's own retries would only slow the test down.
    return RouterDeployment.builder(group, "openai/" + stubModel).apiBase(server.apiBase()).apiKey(KEY)
        .param("max_retries", 0).build();
  }

  private static LiteLlmRouter fallbackRouter() {
    return LiteLlmRouter.builder(client)
        .deployment(deployment("chat", "status-500"))
        .deployment(deployment("chat-backup", "echo"))
        .fallback("chat", "chat-backup")
        .numRetries(0)
        .build();
  }

  private static List<String> modelsAsked(String marker) {
    List<String> models = new ArrayList<>();
    for (FakeOpenAiServer.Recorded r : server.requests()) {
      if (Json.write(r.body).contains(marker)) {
        models.add(String.valueOf(r.body.get("model")));
      }
    }
    return models;
  }

  @Test
  void fallsBackToTheSecondDeploymentWhenTheFirstAnswers500() {
    ChatResponse response = fallbackRouter().completion(ChatRequest.builder("chat")
        .message(ChatMessage.user("router fallback")).build());

    assertThat(response.content()).isEqualTo("echo: router fallback");
    // The first deployment was asked and failed; the second answered.
    assertThat(modelsAsked("router fallback")).containsExactly("status-500", "echo");
    assertThat(server.requestMentioning("router fallback").headers.get("authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void streamsFallBackToo() {
    StringBuilder text = new StringBuilder();
    try (CompletionStream stream = fallbackRouter().stream(ChatRequest.builder("chat")
        .message(ChatMessage.user("router stream fallback")).build())) {
      for (ChatChunk chunk : stream) {
        text.append(chunk.deltaContent());
      }
    }
    assertThat(text.toString()).isEqualTo("echo: router stream fallback");
  }

  @Test
  void withoutAFallbackTheProvidersErrorComesBack() {
    LiteLlmRouter router = LiteLlmRouter.builder(client).deployment(deployment("only", "status-500")).numRetries(0).build();
    assertThatThrownBy(() -> router.completion(ChatRequest.builder("only").message(ChatMessage.user("no fallback")).build()))
        .isInstanceOf(InternalServerException.class)
        .hasMessageNotContaining(KEY);
  }

  @Test
  void embeddingsGoThroughTheRouter() {
    LiteLlmRouter router = LiteLlmRouter.builder(client).deployment(deployment("vectors", "text-embedding-3-small")).build();
    EmbeddingResponse response = router.embedding(EmbeddingRequest.builder("vectors").input("abcd").build());
    assertThat(response.vector(0)).containsExactly(4f, 0f, 0.5f);
  }

  @Test
  void aRouterIsBuiltAgainOnANewWorker() throws Exception {
    LiteLlmRouter router = fallbackRouter();
    assertThat(router.completion(ChatRequest.builder("chat").message(ChatMessage.user("before restart")).build()).content())
        .isEqualTo("echo: before restart");
    try (LiteLlmClient other = LiteLlmClient.create(LiteLlmSetup.options(false).build())) {
      LiteLlmRouter onOther = LiteLlmRouter.builder(other).deployment(deployment("chat-backup", "echo")).build();
      ProcessHandle.of(other.start().pid()).ifPresent(ProcessHandle::destroyForcibly);
      // The first call after the kill may fail with the worker; the next starts a worker that builds the Router anew.
      String answer = null;
      for (int i = 0; i < 20 && answer == null; i++) {
        try {
          answer = onOther.completion(ChatRequest.builder("chat-backup").message(ChatMessage.user("after restart")).build()).content();
        } catch (WorkerCrashedException e) {
          Thread.sleep(100);
        }
      }
      assertThat(answer).isEqualTo("echo: after restart");
      assertThat(other.workersStarted()).isEqualTo(2);
    }
  }

  @Test
  void aFallbackToAnUnknownGroupIsRefused() {
    assertThatThrownBy(() -> LiteLlmRouter.builder(client).deployment(deployment("chat", "echo")).fallback("chat", "nope").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope").hasMessageContaining("[chat]");
  }
}
