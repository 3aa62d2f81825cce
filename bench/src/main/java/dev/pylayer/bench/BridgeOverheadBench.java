package dev.pylayer.bench;

import dev.pylayer.runtime.ChatMessage;
import dev.pylayer.runtime.ChatRequest;
import dev.pylayer.runtime.LiteLlmClient;
import dev.pylayer.runtime.PythonRuntime;
import dev.pylayer.runtime.WorkerInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bridge overhead of {@link LiteLlmClient}: the round trip JVM → worker → JVM when the worker answers
 * at once, at 1, 8 and 64 calls in flight, and the worker's start to ready. See bench/README-runtime.md.
 *
 * <p>Ops measured: {@code ping} (the worker's own op: JSON line in, JSON line out, no LiteLLM) and
 * {@code completion} with {@code mock_response} (through {@code litellm.acompletion} and the typed
 * response parsing; with the test fixture litellm this is the bridge plus a trivial coroutine).
 *
 * <p>System properties: {@code pylayer.litellm.path} (directory holding the {@code litellm} package;
 * default the test fixture under pylayer-runtime/src/test/resources/fixtures), {@code
 * bench.requests} (measured calls per level, default 20000), {@code bench.starts} (default 5).
 */
public final class BridgeOverheadBench {
  private BridgeOverheadBench() {}

  public static void main(String[] args) throws Exception {
    Path litellm = Path.of(System.getProperty("pylayer.litellm.path", "pylayer-runtime/src/test/resources/fixtures")).toAbsolutePath();
    if (!Files.isDirectory(litellm.resolve("litellm"))) {
      throw new IllegalArgumentException(litellm + " holds no litellm package: run from the repository root or set -Dpylayer.litellm.path");
    }
    int requests = Integer.getInteger("bench.requests", 20_000);
    int starts = Integer.getInteger("bench.starts", 5);
    PythonRuntime runtime = PythonRuntime.detect();
    LiteLlmClient.Options options = LiteLlmClient.Options.builder()
        .runtime(runtime)
        .environment("PYTHONPATH", litellm.toString())
        .maxInFlight(64)
        .defaultTimeout(Duration.ofSeconds(60))
        .build();
    System.out.printf(Locale.ROOT, "python: %s; litellm from %s; java %s; %d cpus%n",
        runtime.executable(), litellm, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

    long[] startMillis = new long[starts];
    long[] importMillis = new long[starts];
    String litellmVersion = "";
    for (int i = 0; i < starts; i++) {
      try (LiteLlmClient client = LiteLlmClient.create(options)) {
        WorkerInfo info = client.start();
        startMillis[i] = info.startTime().toMillis();
        importMillis[i] = info.importTime().toMillis();
        litellmVersion = info.litellmVersion();
      }
    }
    Arrays.sort(startMillis);
    Arrays.sort(importMillis);
    System.out.printf(Locale.ROOT, "worker start to ready (litellm %s), %d starts: median %d ms (min %d, max %d); of which import litellm: median %d ms%n",
        litellmVersion, starts, startMillis[starts / 2], startMillis[0], startMillis[starts - 1], importMillis[starts / 2]);

    try (LiteLlmClient client = LiteLlmClient.create(options)) {
      client.start();
      ChatRequest mock = ChatRequest.builder("gpt-3.5-turbo").message(ChatMessage.user("hi")).extra("mock_response", "hello").build();
      System.out.println("op          in-flight   calls     p50 us    p90 us    p99 us   calls/s");
      for (String op : List.of("ping", "completion")) {
        Runnable call = op.equals("ping") ? client::ping : () -> client.completion(mock);
        for (int inFlight : new int[] {1, 8, 64}) {
          run(call, inFlight, Math.max(2_000, requests / 5)); // warm-up: JIT and the worker's caches
          Result r = run(call, inFlight, requests);
          System.out.printf(Locale.ROOT, "%-11s %9d %7d %10.1f %9.1f %9.1f %9.0f%n",
              op, inFlight, requests, r.percentile(50), r.percentile(90), r.percentile(99), r.throughput());
        }
      }
    }
  }

  /** {@code inFlight} threads each calling synchronously until {@code total} calls are done. */
  private static Result run(Runnable call, int inFlight, int total) throws InterruptedException {
    long[] latencies = new long[total];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(inFlight);
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < inFlight; t++) {
      Thread thread = new Thread(() -> {
        try {
          int i;
          while ((i = next.getAndIncrement()) < total) {
            long t0 = System.nanoTime();
            call.run();
            latencies[i] = System.nanoTime() - t0;
          }
        } finally {
          done.countDown();
        }
      });
      threads.add(thread);
      thread.start();
    }
    done.await();
    long elapsed = System.nanoTime() - start;
    Arrays.sort(latencies);
    return new Result(latencies, elapsed);
  }

  private static final class Result {
    final long[] sortedNanos;
    final long elapsedNanos;

    Result(long[] sortedNanos, long elapsedNanos) {
      this.sortedNanos = sortedNanos;
      this.elapsedNanos = elapsedNanos;
    }

    double percentile(int p) {
      int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100.0 * sortedNanos.length) - 1);
      return sortedNanos[Math.max(0, index)] / 1_000.0;
    }

    double throughput() {
      return sortedNanos.length / (elapsedNanos / 1e9);
    }
  }
}
