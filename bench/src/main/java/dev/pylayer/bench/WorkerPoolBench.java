package dev.pylayer.bench;

import dev.pylayer.runtime.ChatMessage;
import dev.pylayer.runtime.ChatRequest;
import dev.pylayer.runtime.LiteLlmClient;
import dev.pylayer.runtime.PythonRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls per second of one {@link LiteLlmClient} with {@code workers(1)} and {@code workers(2)}: mock
 * completions through {@code litellm.acompletion} from many threads, so the workers, not the callers,
 * are the limit. See bench/README-runtime.md ("Sizing workers").
 *
 * <p>System properties: {@code pylayer.litellm.path} (directory holding the {@code litellm} package;
 * default the test fixture), {@code bench.requests} (calls per run, default 20000), {@code
 * bench.inflight} (caller threads, default 32), {@code bench.workers} (comma-separated, default "1,2"),
 * {@code bench.rounds} (runs per worker count, the median reported, default 3).
 */
public final class WorkerPoolBench {
  private WorkerPoolBench() {}

  public static void main(String[] args) throws Exception {
    Path litellm = Path.of(System.getProperty("pylayer.litellm.path", "pylayer-runtime/src/test/resources/fixtures")).toAbsolutePath();
    if (!Files.isDirectory(litellm.resolve("litellm"))) {
      throw new IllegalArgumentException(litellm + " holds no litellm package: run from the repository root or set -Dpylayer.litellm.path");
    }
    int requests = Integer.getInteger("bench.requests", 20_000);
    int inFlight = Integer.getInteger("bench.inflight", 32);
    int rounds = Integer.getInteger("bench.rounds", 3);
    String[] workerCounts = System.getProperty("bench.workers", "1,2").split(",");
    PythonRuntime runtime = PythonRuntime.detect();
    System.out.printf(Locale.ROOT, "python: %s; litellm from %s; java %s; %d cpus; %d caller threads%n",
        runtime.executable(), litellm, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), inFlight);
    System.out.println("workers   calls   calls/s (median of " + rounds + ")   runs");
    ChatRequest mock = ChatRequest.builder("gpt-3.5-turbo").message(ChatMessage.user("hi")).extra("mock_response", "hello").build();
    for (String count : workerCounts) {
      int workers = Integer.parseInt(count.trim());
      LiteLlmClient.Options options = LiteLlmClient.Options.builder()
          .runtime(runtime)
          .environment("PYTHONPATH", litellm.toString())
          .workers(workers)
          .maxInFlight(64)
          .startTimeout(Duration.ofSeconds(120))
          .defaultTimeout(Duration.ofSeconds(60))
          .build();
      try (LiteLlmClient client = LiteLlmClient.create(options)) {
        client.start();
        run(client, mock, inFlight, Math.max(1_000, requests / 5)); // warm-up: JIT and LiteLLM's caches
        double[] perSecond = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          perSecond[r] = run(client, mock, inFlight, requests);
        }
        double[] sorted = perSecond.clone();
        java.util.Arrays.sort(sorted);
        StringBuilder runs = new StringBuilder();
        for (double v : perSecond) {
          runs.append(String.format(Locale.ROOT, " %.0f", v));
        }
        System.out.printf(Locale.ROOT, "%7d %7d %12.0f %22s%n", workers, requests, sorted[rounds / 2], runs.toString().trim());
      }
    }
  }

  /** {@code threads} callers until {@code total} calls are done; returns calls per second. */
  private static double run(LiteLlmClient client, ChatRequest request, int threads, int total) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(threads);
    List<Thread> started = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try {
          while (next.getAndIncrement() < total) {
            client.completion(request);
          }
        } finally {
          done.countDown();
        }
      });
      started.add(thread);
      thread.start();
    }
    done.await();
    return total / ((System.nanoTime() - start) / 1e9);
  }
}
