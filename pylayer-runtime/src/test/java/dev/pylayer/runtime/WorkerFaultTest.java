package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faulty workers: killed, crashing, chatty on stdout, hung, answering with oversized or broken lines,
 * failing at import. Faults are injected by {@code fixtures/faults/sitecustomize.py} (which wraps
 * the fixture's or real LiteLLM's acompletion) or by a fake worker; the production worker has no
 * test hooks.
 */
class WorkerFaultTest {
  private static FakeOpenAiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new FakeOpenAiServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static ChatRequest.Builder chat(String model, String text) {
    return ChatRequest.builder("openai/" + model)
        .message(ChatMessage.user(text))
        .extra("api_base", server.apiBase())
        .extra("api_key", "sk-fault-test-key-0000")
        .extra("max_retries", 0);
  }

  private static ChatRequest faulty(Map<String, Object> fault, String text) {
    return chat("echo", text).extra("__pylayer_test__", fault).build();
  }

  private static ChatRequest faultyWithTimeout(Map<String, Object> fault, String text, Duration timeout) {
    return chat("echo", text).extra("__pylayer_test__", fault).timeout(timeout).build();
  }

  /**
   * Waits until everything the worker wrote to stderr so far has reached {@code stderr}: stderr is a
   * pipe of its own, so an answer on the protocol pipe can overtake it. A marker written last proves it.
   */
  static void drainStderr(LiteLlmClient client, java.util.Collection<String> stderr) {
    String marker = "stderr-drained-" + System.nanoTime();
    client.completion(ChatRequest.builder("gpt-3.5-turbo").message(ChatMessage.user("marker"))
        .extra("mock_response", "ok").extra("__pylayer_test__", Map.of("print", marker)).build());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (stderr.stream().noneMatch(line -> line.contains(marker + " (fd 1)")) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertThat(stderr).anyMatch(line -> line.contains(marker + " (fd 1)"));
  }

  /** Collects what the client logs through System.Logger (backed by java.util.logging here). */
  static final class LogCapture extends java.util.logging.Handler implements AutoCloseable {
    private final java.util.logging.Logger logger = java.util.logging.Logger.getLogger(LiteLlmClient.class.getName());
    private final List<String> lines;

    LogCapture(List<String> lines) {
      this.lines = lines;
      logger.addHandler(this);
    }

    @Override
    public void publish(java.util.logging.LogRecord record) {
      lines.add(record.getLevel() + " " + record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }

  @Test
  void killedWorkerFailsInFlightCallsAtOnceAndNextCallRestarts() throws Exception {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true).defaultTimeout(Duration.ofSeconds(120)).build())) {
      long pid = client.start().pid();
      List<CompletableFuture<ChatResponse>> inFlight = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        inFlight.add(client.completionAsync(faulty(Map.of("sleep", 100), "in flight " + i)));
      }
      assertThat(client.ping()).isPositive(); // the calls have reached the worker

      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL

      for (CompletableFuture<ChatResponse> call : inFlight) {
        // Well before the calls' 120 s timeout and the fault's 100 s sleep.
        assertThat(call).failsWithin(Duration.ofSeconds(30))
            .withThrowableOfType(ExecutionException.class)
            .havingCause()
            .isInstanceOf(WorkerCrashedException.class)
            .withMessageContaining("SIGKILL");
      }
      ChatResponse after = client.completion(chat("echo", "after the crash").build());
      assertThat(after.content()).isEqualTo("echo: after the crash");
      assertThat(client.workerInfo().pid()).isNotEqualTo(pid);
      assertThat(client.workersStarted()).isEqualTo(2);
    }
  }

  @Test
  void workerExitingMidCallReportsExitCodeAndStderr() {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true).stderrListener(null).build())) {
      client.start();
      assertThatThrownBy(() -> client.completion(chat("echo", "x")
              .extra("__pylayer_test__", Map.of("print", "last words before exit", "exit", 7)).build()))
          .isInstanceOfSatisfying(WorkerCrashedException.class, e -> {
            assertThat(e.getMessage()).contains("exit code 7");
            assertThat(e.stderrTail()).contains("last words before exit");
            assertThat(e.retryable()).isTrue();
          });
      assertThat(client.completion(chat("echo", "restarted").build()).content()).isEqualTo("echo: restarted");
    }
  }

  @Test
  void printingToStdoutDoesNotBreakTheProtocol() {
    ConcurrentLinkedQueue<String> stderr = new ConcurrentLinkedQueue<>();
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true)
        .environment("PYLAYER_TEST_STARTUP_NOISE", "noise printed at interpreter start")
        .stderrListener(stderr::add)
        .build())) {
      client.start();
      ChatResponse response = client.completion(faulty(Map.of("print", "library chatter on stdout"), "chatty"));
      assertThat(response.content()).isEqualTo("echo: chatty");
      assertThat(client.completion(chat("echo", "still fine").build()).content()).isEqualTo("echo: still fine");
      drainStderr(client, stderr);
      assertThat(client.workersStarted()).isEqualTo(1);
      assertThat(String.join("\n", stderr))
          .contains("library chatter on stdout")
          .contains("library chatter on stdout (fd 1)")
          .contains("noise printed at interpreter start");
    }
  }

  @Test
  void hungWorkerHitsTheCallTimeoutAndIsReplacedByTheWatchdog() {
    List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (LogCapture capture = new LogCapture(log);
        LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true).watchdogPingTimeout(Duration.ofSeconds(1)).build())) {
      long pid = client.start().pid();
      // Another call in flight when the worker hangs: it must fail at once when the watchdog acts,
      // not at its own 60 s timeout.
      CompletableFuture<ChatResponse> inFlight = client.completionAsync(faulty(Map.of("sleep", 100), "in flight"));
      assertThat(client.ping()).isPositive();

      // "block" stops the worker's event loop: it answers nothing at all, not even ping.
      assertThatThrownBy(() -> client.completion(chat("echo", "hang")
              .extra("__pylayer_test__", Map.of("block", 30, "print", "blocking now")).timeout(Duration.ofMillis(500)).build()))
          .isInstanceOfSatisfying(LiteLlmTimeoutException.class, e -> assertThat(e.type()).isEqualTo("CallTimeout"));

      assertThat(inFlight).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(WorkerCrashedException.class)
          .withMessageContaining("answered no ping within 1000 ms");
      // The next call waits for the watchdog's verdict and the new worker, then answers.
      long start = System.nanoTime();
      assertThat(client.completion(chat("echo", "after the hang").build()).content()).isEqualTo("echo: after the hang");
      // Within the watchdog's bound plus a worker start (generous: the machine may be loaded).
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1).plus(client.workerInfo().startTime()).plusSeconds(5));
      assertThat(client.workerInfo().pid()).isNotEqualTo(pid);
      assertThat(client.workersStarted()).isEqualTo(2);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      // The restart is in the log with its reason and the worker's last stderr lines.
      assertThat(String.join("\n", log))
          .contains("answered no ping within 1000 ms")
          .contains("blocking now")
          .contains("started Python worker #2");
    }
  }

  @Test
  void streamWaitingOnABlockedWorkerTimesOutAndTheWorkerIsReplaced() {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true).watchdogPingTimeout(Duration.ofSeconds(1)).build())) {
      long pid = client.start().pid();
      CompletionStream stream = client.stream(chat("echo", "blocked stream")
          .extra("__pylayer_test__", Map.of("block", 30)).timeout(Duration.ofMillis(500)).build());
      assertThatThrownBy(() -> stream.forEach(chunk -> { }))
          .isInstanceOfSatisfying(LiteLlmTimeoutException.class, e -> assertThat(e.type()).isEqualTo("CallTimeout"));

      assertThat(client.completion(chat("echo", "after the blocked stream").build()).content()).isEqualTo("echo: after the blocked stream");
      assertThat(client.workerInfo().pid()).isNotEqualTo(pid);
      assertThat(client.workersStarted()).isEqualTo(2);
    }
  }

  @Test
  void workerLettingCallsTimeOutInARowIsReplacedThoughItAnswersPings() {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true).maxTimeoutsInARow(3).build())) {
      long pid = client.start().pid();
      for (int i = 0; i < 3; i++) {
        int n = i;
        // "sleep" awaits: the event loop runs and answers pings, but the call never completes.
        assertThatThrownBy(() -> client.completion(faultyWithTimeout(Map.of("sleep", 100), "stuck " + n, Duration.ofMillis(300))))
            .isInstanceOf(LiteLlmTimeoutException.class);
        if (i < 2) {
          assertThat(client.ping()).isPositive();
          assertThat(client.workerInfo().pid()).isEqualTo(pid);
        }
      }
      assertThat(client.completion(chat("echo", "fresh worker").build()).content()).isEqualTo("echo: fresh worker");
      assertThat(client.workerInfo().pid()).isNotEqualTo(pid);
      assertThat(client.workersStarted()).isEqualTo(2);
    }
  }

  @Test
  void slowProviderDoesNotTriggerTheWatchdogWhileCallsStillComplete() {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true).maxTimeoutsInARow(2).build())) {
      long pid = client.start().pid();
      for (int i = 0; i < 4; i++) {
        int n = i;
        assertThatThrownBy(() -> client.completion(faultyWithTimeout(Map.of("sleep", 100), "slow " + n, Duration.ofMillis(200))))
            .isInstanceOf(LiteLlmTimeoutException.class);
        // A call completing in between: the worker makes progress, so the count starts again.
        assertThat(client.completion(chat("echo", "fine " + n).build()).content()).isEqualTo("echo: fine " + n);
      }
      assertThat(client.workerInfo().pid()).isEqualTo(pid);
      assertThat(client.workersStarted()).isEqualTo(1);
    }
  }

  @Test
  void streamNotReadByItsCallerHoldsAtMostTheWindow() throws Exception {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(false).streamWindow(8).build())) {
      String words = String.join(" ", java.util.Collections.nCopies(500, "w"));
      ChatRequest request = ChatRequest.builder("gpt-3.5-turbo").message(ChatMessage.user("many chunks")).extra("mock_response", words).build();
      try (CompletionStream stream = client.stream(request)) {
        WorkerCompletionStream queued = (WorkerCompletionStream) stream;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queued.queuedChunks() < 8 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        Thread.sleep(300); // time enough for a worker without backpressure to send hundreds more
        assertThat(queued.queuedChunks()).isEqualTo(8);
        assertThat(stream.isDone()).isFalse();

        StringBuilder text = new StringBuilder();
        int max = 0;
        for (ChatChunk chunk : stream) {
          text.append(chunk.deltaContent()).append(' ');
          max = Math.max(max, queued.queuedChunks());
        }
        assertThat(text.toString().strip().split(" +")).hasSize(500);
        assertThat(max).isLessThanOrEqualTo(8);
        assertThat(stream.isDone()).isTrue();
      }
      assertThat(client.ping()).isPositive();
    }
  }

  @Test
  void litellmBannersAreOffByDefaultAndAnOptionTurnsThemOn() {
    for (boolean banners : new boolean[] {false, true}) {
      ConcurrentLinkedQueue<String> stderr = new ConcurrentLinkedQueue<>();
      try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true).litellmDebugInfo(banners).stderrListener(stderr::add).build())) {
        assertThatThrownBy(() -> client.completion(chat("status-429", "rate limited").build())).isInstanceOf(RateLimitException.class);
        drainStderr(client, stderr);
        String text = String.join("\n", stderr);
        if (banners) {
          assertThat(text).contains("Give Feedback / Get Help").contains("LiteLLM.Info");
        } else {
          assertThat(text).doesNotContain("Give Feedback").doesNotContain("LiteLLM.Info");
        }
      }
    }
  }

  @Test
  void oversizedResponseLineIsAnErrorNotAHang() {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true).maxLineBytes(32 << 20).build())) {
      long pid = client.start().pid();
      assertThatThrownBy(() -> client.completion(faulty(Map.of("big_mb", 50), "big")))
          .isInstanceOf(LiteLlmProtocolException.class)
          .hasMessageContaining("over the 33554432-byte limit");
      // The line was skipped, not the worker: the same worker answers the next call.
      assertThat(client.completion(chat("echo", "small again").build()).content()).isEqualTo("echo: small again");
      assertThat(client.workerInfo().pid()).isEqualTo(pid);
    }
  }

  @Test
  void importFailureIsAClearStartErrorAndRestartsAreBounded(@TempDir Path empty) {
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmClient.Options.builder()
        .runtime(LiteLlmSetup.hostPython())
        .environment("PYTHONPATH", empty.toString())
        .stderrListener(null)
        .maxRestarts(1)
        .restartBackoff(Duration.ofMillis(10), Duration.ofSeconds(60))
        .build())) {
      assertThatThrownBy(client::start)
          .isInstanceOf(WorkerCrashedException.class)
          .hasMessageContaining("could not start")
          .hasMessageContaining("No module named 'litellm'");
      assertThatThrownBy(client::ping).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("No module named");
      // Two failures in a row with maxRestarts 1: the third call fails fast without a new process.
      assertThatThrownBy(client::ping).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("not restarting");
      assertThat(client.workersStarted()).isEqualTo(2);
    }
  }

  @Test
  void closingFailsInFlightCallsAndLaterCalls() {
    LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true).build());
    client.start();
    CompletableFuture<ChatResponse> call = client.completionAsync(faulty(Map.of("sleep", 100), "pending at close"));
    client.close();
    assertThat(call).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(LiteLlmException.class).withMessageContaining("closed");
    assertThatThrownBy(client::ping).isInstanceOf(LiteLlmException.class).hasMessageContaining("closed");
    client.close(); // idempotent
  }

  @Test
  void garbageLineFromWorkerFailsCallsAndRestarts(@TempDir Path dir) throws Exception {
    try (LiteLlmClient client = LiteLlmClient.create(fakeWorker(dir, "garbage"))) {
      long pid = client.start().pid();
      assertThatThrownBy(client::ping)
          .isInstanceOf(WorkerCrashedException.class)
          .hasMessageContaining("broke the protocol")
          .hasMessageContaining("this is not a protocol line");
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  @Test
  void strayAnswerForUnknownIdIsIgnored(@TempDir Path dir) throws Exception {
    try (LiteLlmClient client = LiteLlmClient.create(fakeWorker(dir, "wrong-id"))) {
      client.start();
      assertThat(client.ping()).isPositive();
      assertThat(client.ping()).isPositive();
      assertThat(client.workersStarted()).isEqualTo(1);
    }
  }

  /** Options whose "interpreter" is a script running fixtures/fake_worker.py on the host python. */
  private static LiteLlmClient.Options fakeWorker(Path dir, String mode) throws Exception {
    Path script = dir.resolve("fake-python");
    Files.writeString(script, "#!/bin/sh\nexec '" + LiteLlmSetup.hostPython().executable() + "' '"
        + LiteLlmSetup.fixtures().resolve("fake_worker.py") + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return LiteLlmClient.Options.builder()
        .runtime(PythonRuntime.of(script))
        .environment("FAKE_WORKER_MODE", mode)
        .stderrListener(null)
        .defaultTimeout(Duration.ofSeconds(30))
        .build();
  }
}
