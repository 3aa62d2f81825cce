package dev.pylayer.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One running worker: the Python process, one writer (a lock around a buffered stdin), one reader
 * thread dispatching answers by id to the pending calls, and a stderr drainer. When the process ends
 * for any reason every pending call fails at once with {@link WorkerCrashedException}.
 */
final class WorkerProcess {
  private static volatile String workerSource;

  private final Process process;
  private final OutputStream stdin;
  private final Object writeLock = new Object();
  private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();
  private final StderrTail stderr;
  private final Redactor redactor;
  private final CompletableFuture<WorkerInfo> ready = new CompletableFuture<>();
  private final int maxLineBytes;
  private final long startNanos;
  private final AtomicReference<LiteLlmException> death = new AtomicReference<>();
  private final Consumer<WorkerProcess> onDeath;
  private final AtomicInteger timeoutsInARow = new AtomicInteger();
  private final AtomicReference<CompletableFuture<Boolean>> probe = new AtomicReference<>();
  private volatile String fatalMessage;
  private volatile String protocolViolation;
  private volatile boolean servedSuccessfully;

  private WorkerProcess(Process process, int maxLineBytes, int stderrTailBytes, Redactor redactor, Consumer<String> stderrListener,
      long startNanos, Consumer<WorkerProcess> onDeath) {
    this.process = process;
    this.onDeath = onDeath;
    this.redactor = redactor;
    this.maxLineBytes = maxLineBytes;
    this.startNanos = startNanos;
    this.stdin = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
    this.stderr = new StderrTail(process.getErrorStream(), stderrTailBytes, redactor, stderrListener, "pylayer-worker-stderr-" + process.pid());
  }

  /**
   * Starts the worker process and its threads; {@link #awaitReady} waits for the ready line. {@code
   * onDeath} runs once when the worker dies or is killed, after its pending calls failed.
   */
  static WorkerProcess launch(
      PythonRuntime runtime,
      Map<String, String> environment,
      int maxLineBytes,
      int stderrTailBytes,
      Redactor redactor,
      Consumer<String> stderrListener,
      Consumer<WorkerProcess> onDeath) {
    ProcessBuilder builder = runtime.processBuilder(List.of("-c", source()));
    builder.environment().putAll(environment);
    builder.environment().put("PYLAYER_MAX_LINE_BYTES", Integer.toString(maxLineBytes));
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new WorkerCrashedException(
          "cannot start the Python worker with " + runtime.executable() + " (" + runtime.origin() + "): " + e.getMessage(), "", e);
    }
    WorkerProcess worker = new WorkerProcess(process, maxLineBytes, stderrTailBytes, redactor, stderrListener, start, onDeath);
    worker.stderr.start();
    Thread reader = new Thread(worker::readLoop, "pylayer-worker-reader-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    return worker;
  }

  /** The worker's Python source, shipped in the jar; passed with -c so nothing is written to disk. */
  static String source() {
    String source = workerSource;
    if (source == null) {
      try (InputStream in = WorkerProcess.class.getResourceAsStream("pylayer_worker.py")) {
        if (in == null) {
          throw new IllegalStateException("pylayer_worker.py is missing from the pylayer-runtime jar");
        }
        source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read pylayer_worker.py from the pylayer-runtime jar", e);
      }
      workerSource = source;
    }
    return source;
  }

  /**
   * Waits for the ready line.
   *
   * @throws WorkerCrashedException when the worker dies or reports a fatal error first, or does not
   *     get ready within {@code timeout} (it is killed then)
   */
  WorkerInfo awaitReady(Duration timeout) {
    try {
      return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (LiteLlmException) e.getCause();
    } catch (TimeoutException e) {
      kill();
      throw new WorkerCrashedException(
          "the Python worker did not get ready within " + timeout.toMillis() + " ms (import litellm too slow or stuck?"
              + " raise LiteLlmClient.Options startTimeout)", stderr.tail(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new WorkerCrashedException("interrupted while waiting for the Python worker to start", stderr.tail(), e);
    }
  }

  /** Whether the worker can take calls: not dead, and its process still runs (its death may not be recorded yet). */
  boolean isAlive() {
    return death.get() == null && process.isAlive();
  }

  /** Whether any call got a result from this worker: a worker that did is not failing at start. */
  boolean servedSuccessfully() {
    return servedSuccessfully;
  }

  long pid() {
    return process.pid();
  }

  /** The reason this worker died, or null while it runs. */
  LiteLlmException death() {
    return death.get();
  }

  /** The last part of the worker's stderr, redacted. */
  String stderrTail() {
    return stderr.tail();
  }

  /** Counts a call that timed out; returns how many did in a row, with no call completing in between. */
  int recordTimeout() {
    return timeoutsInARow.incrementAndGet();
  }

  /**
   * Installs {@code candidate} as the outstanding liveness probe unless one is already out.
   *
   * @return the probe now outstanding: {@code candidate}, or the earlier one
   */
  CompletableFuture<Boolean> startProbe(CompletableFuture<Boolean> candidate) {
    while (true) {
      CompletableFuture<Boolean> current = probe.get();
      if (current != null && !current.isDone()) {
        return current;
      }
      if (probe.compareAndSet(current, candidate)) {
        return candidate;
      }
    }
  }

  /** The outstanding or last liveness probe, or null. */
  CompletableFuture<Boolean> probe() {
    return probe.get();
  }

  /** Registers {@code call} under {@code id} and writes the request; failures end the call, never throw. */
  void send(long id, String op, String paramsJson, PendingCall call) {
    send(id, op, paramsJson, 0, call);
  }

  /**
   * Like {@link #send(long, String, String, PendingCall)}; for a stream, {@code window} is how many
   * chunks the worker may send before it needs credits ({@link #sendCredit}); 0 for none.
   */
  void send(long id, String op, String paramsJson, int window, PendingCall call) {
    StringBuilder line = new StringBuilder(64 + (paramsJson == null ? 0 : paramsJson.length()));
    line.append("{\"id\":").append(id).append(",\"op\":\"").append(op).append('"');
    if (window > 0) {
      line.append(",\"window\":").append(window);
    }
    if (paramsJson != null) {
      line.append(",\"params\":").append(paramsJson);
    }
    line.append("}\n");
    byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxLineBytes) {
      call.fail(new LiteLlmProtocolException("RequestTooLarge",
          op + " request of " + bytes.length + " bytes is over the " + maxLineBytes
              + "-byte line limit (raise LiteLlmClient.Options maxLineBytes)", null, null, false, null));
      return;
    }
    pending.put(id, call);
    // Registered before the check: a death recorded before failAll() drained the map is seen here,
    // a later one finds the call in the map. Either way the call fails at once.
    LiteLlmException dead = death.get();
    if (dead != null) {
      if (pending.remove(id) != null) {
        call.fail(dead);
      }
      return;
    }
    try {
      synchronized (writeLock) {
        stdin.write(bytes);
        stdin.flush();
      }
    } catch (IOException e) {
      if (pending.remove(id) != null) {
        call.fail(new WorkerCrashedException("cannot write to the Python worker (pid " + process.pid() + "): " + e.getMessage(), stderr.tail(), e));
      }
    }
  }

  /**
   * Forgets the call {@code id} and asks the worker to cancel its task.
   *
   * @return the call if it was still pending
   */
  PendingCall cancel(long id) {
    PendingCall call = pending.remove(id);
    if (call != null) {
      sendCancel(id);
    }
    return call;
  }

  private void sendCancel(long id) {
    sendControl("{\"id\":" + id + ",\"op\":\"cancel\"}\n");
  }

  /** Lets the worker send {@code n} more chunks of stream {@code id}. */
  void sendCredit(long id, int n) {
    sendControl("{\"id\":" + id + ",\"op\":\"credit\",\"n\":" + n + "}\n");
  }

  private void sendControl(String line) {
    if (death.get() != null) {
      return;
    }
    try {
      synchronized (writeLock) {
        stdin.write(line.getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
      }
    } catch (IOException e) {
      // The worker is going away; its reader fails what is left.
    }
  }

  /**
   * Ends the worker: fails pending calls with {@code reason}, closes stdin (the worker exits at end of
   * input), waits up to {@code grace}, then kills it with its children.
   */
  void shutdown(LiteLlmException reason, Duration grace) {
    failAll(reason);
    try {
      synchronized (writeLock) {
        stdin.close();
      }
    } catch (IOException e) {
      // Already gone.
    }
    if (!Processes.waitFor(process, grace.toMillis())) {
      Processes.killTree(process);
    }
  }

  /** Kills the worker and its children; the reader then fails whatever is pending. */
  void kill() {
    Processes.killTree(process);
  }

  /**
   * Kills the worker because it misbehaves (e.g. the watchdog found it hung): every pending call fails
   * at once with a {@link WorkerCrashedException} saying {@code reason}, before the process is gone.
   */
  void kill(String reason) {
    die(new WorkerCrashedException(redactor.redact(reason), stderr.tail(), null));
    Processes.killTree(process);
  }

  /** Records the first cause of death, fails what is pending with it and tells the owner, once. */
  private void die(LiteLlmException cause) {
    boolean first = death.compareAndSet(null, cause);
    LiteLlmException reason = death.get();
    ready.completeExceptionally(reason);
    failAll(reason);
    if (first && onDeath != null) {
      try {
        onDeath.accept(this);
      } catch (RuntimeException e) {
        // The owner's bookkeeping must not break the reader thread.
      }
    }
  }

  private void readLoop() {
    LineReader lines = new LineReader(process.getInputStream(), maxLineBytes);
    try {
      LineReader.Line line;
      while ((line = lines.next()) != null) {
        if (line.oversized()) {
          refuse(line.text, "a line of " + line.oversizedLength + " bytes, over the " + maxLineBytes
              + "-byte limit (raise LiteLlmClient.Options maxLineBytes if such responses are expected)");
          continue;
        }
        WorkerMessage message;
        try {
          message = WorkerMessage.parse(line.text);
        } catch (IllegalArgumentException e) {
          refuse(line.text, "an unreadable line (" + e.getMessage() + ")");
          continue;
        }
        dispatch(message);
      }
    } catch (IOException | RuntimeException e) {
      // Reading failed: treated like the worker's end below.
      if (protocolViolation == null && !(e instanceof IOException)) {
        protocolViolation = "the JVM failed reading the worker's output: " + e;
      }
    }
    onEnd();
  }

  /**
   * A line that cannot be delivered fails the call it names; a line naming no pending call means the
   * protocol stream can no longer be trusted, so the worker is killed and everything in flight fails.
   */
  private void refuse(String linePrefix, String problem) {
    long id = WorkerMessage.leadingId(linePrefix);
    PendingCall call = id > 0 ? pending.remove(id) : null;
    if (call != null) {
      sendCancel(id); // a stream would go on sending chunks
      call.fail(new LiteLlmProtocolException("ProtocolError", "the worker answered request " + id + " with " + problem, null, null, false, null));
      return;
    }
    if (id > 0) {
      return; // for a call already timed out or cancelled
    }
    if (!ready.isDone()) {
      // Printed during interpreter start-up (sitecustomize, .pth files) before the worker took fd 1.
      stderr.note("stdout before the ready line (ignored): " + (linePrefix.length() > 200 ? linePrefix.substring(0, 200) + "..." : linePrefix));
      return;
    }
    protocolViolation = "the worker broke the protocol with " + problem + ": "
        + (linePrefix.length() > 200 ? linePrefix.substring(0, 200) + "..." : linePrefix);
    kill();
  }

  private void dispatch(WorkerMessage message) {
    if ("error".equals(message.type) || "fatal".equals(message.type)) {
      redactErrorMessage(message);
    }
    if (message.id == 0) {
      onControl(message);
      return;
    }
    PendingCall call;
    if ("chunk".equals(message.type)) {
      call = pending.get(message.id);
    } else {
      call = pending.remove(message.id);
      if ("result".equals(message.type) || "end".equals(message.type)) {
        servedSuccessfully = true;
      }
    }
    if (call != null) {
      if (!call.isProbe()) {
        timeoutsInARow.set(0); // a call got an answer: the worker makes progress
      }
      call.onMessage(message);
    }
  }

  /** The worker redacts its error messages; this catches what it could not know (defence in depth). */
  private void redactErrorMessage(WorkerMessage message) {
    Map<String, Object> error = message.error();
    if (error != null && error.get("message") instanceof String) {
      error.put("message", redactor.redact((String) error.get("message")));
    }
  }

  private void onControl(WorkerMessage message) {
    if ("ready".equals(message.type)) {
      Object importMs = message.fields.get("import_ms");
      Object pid = message.fields.get("pid");
      ready.complete(new WorkerInfo(
          String.valueOf(message.fields.get("python")),
          (String) message.fields.get("litellm"),
          Duration.ofNanos(importMs instanceof Number ? (long) (((Number) importMs).doubleValue() * 1e6) : 0),
          Duration.ofNanos(System.nanoTime() - startNanos),
          pid instanceof Number ? ((Number) pid).longValue() : process.pid()));
    } else if ("fatal".equals(message.type)) {
      Map<String, Object> error = message.error();
      fatalMessage = error == null ? "fatal error" : String.valueOf(error.get("message"));
    }
  }

  /** The output ended: the worker exited, was killed, or closed its stdout. */
  private void onEnd() {
    if (!Processes.waitFor(process, 1_000)) {
      Processes.killTree(process);
      Processes.waitFor(process, 1_000);
    }
    stderr.awaitEnd(500);
    String exit = process.isAlive() ? "closed its output" : "exited with " + Processes.describeExit(process.exitValue());
    String message;
    if (fatalMessage != null) {
      message = "the Python worker (pid " + process.pid() + ") could not start: " + fatalMessage;
    } else if (protocolViolation != null) {
      message = protocolViolation + "; the worker (pid " + process.pid() + ") was stopped";
    } else {
      message = "the Python worker (pid " + process.pid() + ") " + exit;
    }
    die(new WorkerCrashedException(redactor.redact(message), stderr.tail(), null));
  }

  private void failAll(LiteLlmException error) {
    for (Long id : pending.keySet()) {
      PendingCall call = pending.remove(id);
      if (call != null) {
        call.fail(error);
      }
    }
  }
}
