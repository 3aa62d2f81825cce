package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart (CRaC) hooks, called directly: a real snapshot and restore cannot run here (that needs
 * Lambda's Firecracker microVM or a CRaC-enabled JDK), so these tests check what the hooks leave in
 * the worker: started with LiteLLM imported, HTTP clients closed and made again on use, random state
 * reseeded so that two workers with identical state (as two copies restored from one snapshot) differ.
 */
class SnapStartTest {
  private static FakeOpenAiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new FakeOpenAiServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static ChatRequest call(String text) {
    return ChatRequest.builder("openai/echo").message(ChatMessage.user(text))
        .extra("api_base", server.apiBase()).extra("api_key", "sk-snapstart-test-0000").extra("max_retries", 0).build();
  }

  /** The worker's state, read by the fault fixture: the fixture's HTTP clients and one random number. */
  private static Map<String, Object> state(LiteLlmClient client) {
    String json = client.completion(ChatRequest.builder("gpt-3.5-turbo").message(ChatMessage.user("state"))
        .extra("__pylayer_test__", Map.of("state", true)).build()).content();
    return Json.parseObject(json);
  }

  private static LiteLlmClient.Options.Builder seeded() {
    return LiteLlmSetup.options(true).environment("PYLAYER_TEST_SEED", "42");
  }

  @Test
  void beforeCheckpointStartsTheWorkerWarmsUpAndClosesHttpClients() {
    List<String> log = new CopyOnWriteArrayList<>();
    try (WorkerFaultTest.LogCapture capture = new WorkerFaultTest.LogCapture(log);
        LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true).warmUp(call("warm-up before the snapshot")).build())) {
      assertThat(client.workerInfo()).isNull();

      client.beforeCheckpoint();

      assertThat(client.workerInfo()).isNotNull(); // started: LiteLLM is imported in the snapshot
      assertThat(server.requestMentioning("warm-up before the snapshot")).isNotNull();
      Map<String, Object> state = state(client);
      assertThat(state).containsEntry("cached_clients", 0L);
      if (!LiteLlmSetup.real()) {
        // The warm-up's cached client and the module-level one were closed; a new one is unconnected.
        // (Real LiteLLM's handlers have no "closed" flag to read; its cache is checked above.)
        assertThat(state).containsEntry("clients_closed", 2L).containsEntry("module_client_closed", false);
      }
      // After the restore the first call connects again.
      assertThat(client.completion(call("after the snapshot")).content()).isEqualTo("echo: after the snapshot");
      if (!LiteLlmSetup.real()) {
        assertThat(state(client)).containsEntry("cached_clients", 1L);
      }
      assertThat(String.join("\n", log)).contains("before snapshot: Python worker").contains("HTTP clients closed");
    }
  }

  @Test
  void beforeCheckpointFinishesWhatTheWorkersStartUpDeferred() {
    assumeFalse(LiteLlmSetup.real(), "the probe is the test fixture's");
    List<String> log = new CopyOnWriteArrayList<>();
    try (WorkerFaultTest.LogCapture capture = new WorkerFaultTest.LogCapture(log);
        LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(false).build())) {
      client.beforeCheckpoint();

      // The fixture builds an encoding and makes a default SSL context at import, as litellm 1.45.0
      // and aiohttp do; without a checkpoint the encoding waits for its first use (LiteLlmClientTest).
      ChatRequest probe = ChatRequest.builder("openai/probe").message(ChatMessage.user("hi"))
          .extra("mock_response", "!tiktoken-probe").build();
      assertThat(client.completion(probe).content())
          .isEqualTo("built before use: True; tokens: [1, 2]; built after use: True");
      assertThat(String.join("\n", log)).contains("deferred start-up work finished {")
          .contains("ssl_contexts_loaded=1").contains("tiktoken_encodings_built=[fixture_base]");
    }
  }

  @Test
  void afterRestoreReseedsSoCopiesOfOneSnapshotDiffer() {
    try (LiteLlmClient first = LiteLlmClient.create(seeded().build());
        LiteLlmClient second = LiteLlmClient.create(seeded().build())) {
      // Same seed, same draws: the state two copies restored from one snapshot would share.
      assertThat(state(first).get("random")).isEqualTo(state(second).get("random"));

      first.afterRestore();
      second.afterRestore();

      assertThat(state(first).get("random")).isNotEqualTo(state(second).get("random"));
      assertThat(first.workersStarted()).isEqualTo(1);
    }
  }

  @Test
  void afterRestoreReplacesAWorkerThatDidNotSurvive() {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(false).build())) {
      long pid = client.start().pid();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());

      client.afterRestore();

      assertThat(client.workerInfo().pid()).isNotEqualTo(pid);
      assertThat(client.ping()).isPositive();
    }
  }

  @Test
  void onlyAnInitThatCanBeSnapshottedRegistersTheHooks() {
    String type = "AWS_LAMBDA_INITIALIZATION_TYPE";
    assertThat(LiteLlmClient.snapshotsPossible(Map.of(type, "snap-start"))).isTrue();
    assertThat(LiteLlmClient.snapshotsPossible(Map.of())).isTrue(); // a CRaC JDK, not Lambda
    assertThat(LiteLlmClient.snapshotsPossible(Map.of(type, "on-demand"))).isFalse();
    assertThat(LiteLlmClient.snapshotsPossible(Map.of(type, "provisioned-concurrency"))).isFalse();
  }

  @Test
  void registersWithCracWhenTheApiIsOnTheClassPath() throws Exception {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(false).build());
        LiteLlmClient without = LiteLlmClient.create(LiteLlmSetup.options(false).cracHooks(false).build())) {
      assertThat(without.cracResource()).isNull();
      Object registered = client.cracResource();
      assertThat(registered).isInstanceOf(Resource.class);

      // What a CRaC runtime (Lambda SnapStart) calls around the snapshot.
      ((Resource) registered).beforeCheckpoint(null);
      assertThat(client.workerInfo()).isNotNull();
      ((Resource) registered).afterRestore(null);
      assertThat(client.ping()).isPositive();
      assertThat(client.workersStarted()).isEqualTo(1);
    }
  }
}
