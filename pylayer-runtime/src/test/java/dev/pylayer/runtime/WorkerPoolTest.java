package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code workers(n)}: calls spread over n workers, fewest in flight first, each restarted on its own. */
class WorkerPoolTest {
  private static FakeOpenAiServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new FakeOpenAiServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ChatRequest slow(String marker) {
    return ChatRequest.builder("openai/slow-300").message(ChatMessage.user(marker))
        .extra("api_base", server.apiBase()).extra("api_key", "sk-test-pool-0000").extra("max_retries", 0).build();
  }

  @Test
  void callsSpreadOverTwoWorkers() {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(false).workers(2).build())) {
      client.start();
      Set<Long> pids = new HashSet<>();
      for (LiteLlmClient member : client.pool().members()) {
        pids.add(member.workerInfo().pid());
      }
      assertThat(pids).as("two worker processes, started together").hasSize(2);

      List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(client.completionAsync(slow("pool call " + i)));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(calls.get(i).join().content()).isEqualTo("echo: pool call " + i);
      }
      // Eight calls in flight at once: fewest-in-flight-first gives each worker four.
      assertThat(client.pool().dispatched()).containsExactly(4, 4);
      assertThat(client.workersStarted()).isEqualTo(2);
    }
  }

  @Test
  void aWorkerThatDiesIsRestartedAloneAndCallsGoOn() throws Exception {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(false).workers(2).build())) {
      client.start();
      LiteLlmClient first = client.pool().members().get(0);
      LiteLlmClient second = client.pool().members().get(1);
      long survivor = second.workerInfo().pid();
      ProcessHandle dying = ProcessHandle.of(first.workerInfo().pid()).orElseThrow();
      dying.destroyForcibly();
      dying.onExit().get();

      int answered = 0;
      for (int i = 0; i < 6; i++) {
        try {
          client.completion(ChatRequest.builder("gpt-3.5-turbo").message(ChatMessage.user("x")).extra("mock_response", "ok").build());
          answered++;
        } catch (WorkerCrashedException e) {
          // At most the call that found the dead worker fails; the next one on that member restarts it.
        }
      }
      assertThat(answered).isGreaterThanOrEqualTo(5);
      assertThat(second.workerInfo().pid()).as("the other worker was left alone").isEqualTo(survivor);
      assertThat(first.workersStarted()).isEqualTo(2);
      assertThat(client.workersStarted()).isEqualTo(3);
    }
  }

  @Test
  void streamsCountAsInFlightUntilClosed() {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(false).workers(2).build())) {
      ChatRequest request = ChatRequest.builder("openai/echo").message(ChatMessage.user("pool stream one two"))
          .extra("api_base", server.apiBase()).extra("api_key", "sk-test-pool-0000").extra("max_retries", 0).build();
      try (CompletionStream open = client.stream(request)) {
        // The first stream is still open: the next call goes to the other worker.
        client.completion(ChatRequest.builder("gpt-3.5-turbo").message(ChatMessage.user("x")).extra("mock_response", "ok").build());
        assertThat(client.pool().dispatched()).containsExactly(1, 1);
        StringBuilder text = new StringBuilder();
        open.forEach(chunk -> text.append(chunk.deltaContent()));
        assertThat(text.toString()).isEqualTo("echo: pool stream one two");
      }
    }
  }

  @Test
  void oneWorkerIsNoPoolAndZeroIsRefused() {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(false).build())) {
      assertThat(client.pool()).isNull();
    }
    assertThatThrownBy(() -> LiteLlmClient.Options.builder().workers(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers must be between 1 and 64, got 0");
  }
}
