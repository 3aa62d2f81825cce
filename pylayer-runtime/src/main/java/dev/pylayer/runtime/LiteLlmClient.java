package dev.pylayer.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Calls LiteLLM through one persistent Python worker (the layer's interpreter running {@code
 * pylayer_worker.py}), speaking JSON lines over its stdin/stdout. Thread-safe: many threads may call
 * at once and the worker serves them concurrently on asyncio.
 *
 * <p>In a Lambda function create it in a static field and call {@link #start()} during init, so the
 * ~2 s {@code import litellm} is paid before the first invocation:
 *
 * <pre>{@code
 * static final LiteLlmClient LLM = LiteLlmClient.create();
 * static { LLM.start(); }
 * ...
 * ChatResponse answer = LLM.completion(ChatRequest.builder("openai/gpt-4o-mini")
 *     .message(ChatMessage.user("Hello")).build());
 * }</pre>
 *
 * <p><b>In-flight limit.</b> At most {@code maxInFlight} calls (and open streams) are in the worker at
 * once. A caller beyond the limit waits for a free slot, in its own thread and also for the {@code
 * ...Async} methods, for up to the call's timeout; then it gets a {@link LiteLlmTimeoutException}
 * of type "InFlightLimit". The wait counts against the call's timeout.
 *
 * <p><b>Faults.</b> A worker that exits or is killed fails every call in flight at once with {@link
 * WorkerCrashedException}; the next call starts a new worker. After {@code maxRestarts} failed workers
 * in a row (a worker that answered any call resets the count), restarts are spaced by exponential
 * backoff up to {@code maxRestartBackoff}, and within that time calls fail fast. A call that times
 * out is cancelled in the worker, and the watchdog pings the worker: one that answers no ping within
 * {@code watchdogPingTimeout} (its event loop is blocked), or that lets {@code maxTimeoutsInARow}
 * calls in a row time out, is killed, its calls fail at once with {@link WorkerCrashedException}, and
 * a new worker starts; a call made meanwhile waits for it. Deaths and restarts are logged through
 * {@link System.Logger} "dev.pylayer.runtime.LiteLlmClient" with the reason and the worker's last
 * stderr lines.
 *
 * <p><b>SnapStart (CRaC).</b> {@link #beforeCheckpoint()} starts the worker (LiteLLM imported),
 * makes the optional warm-up call and closes LiteLLM's HTTP clients in the worker, so a snapshot holds
 * a ready worker and no open connection; {@link #afterRestore()} reseeds the worker's random
 * generators, so restored copies of one snapshot do not share random state. With {@code org.crac} on
 * the class path (add {@code io.github.crac:org-crac}) the client registers both as a CRaC resource
 * itself, which is how Lambda SnapStart runs them; see examples/java-lambda.
 *
 * <p><b>Streams</b> are flow-controlled: the worker sends at most {@code streamWindow} chunks the
 * caller has not taken yet, then stops reading from the provider until the caller catches up.
 */
public final class LiteLlmClient implements ChatClient {
  private static final int LOGGED_STDERR_LINES = 20;

  /**
   * The client's logger, made on first use: making a System.Logger initializes java.util.logging
   * (~15 ms of class loading), which would otherwise sit between the JVM's start and the worker's
   * spawn on every cold start.
   */
  static System.Logger log() {
    return Log.LOGGER;
  }

  private static final class Log {
    static final System.Logger LOGGER = System.getLogger(LiteLlmClient.class.getName());
  }

  private final Options options;
  private final PythonRuntime runtime;
  private final Map<String, String> workerEnvironment;
  private final Redactor redactor;
  private final Semaphore slots;
  private final AtomicLong ids = new AtomicLong();
  private final Watchdog watchdog;
  /** Kept here because CRaC holds its resources weakly; null without org.crac. */
  private final Object cracResource;
  private final Object lifecycle = new Object();
  // With workers(n), n > 1: the members that do the work; this client only spreads calls over them.
  private final WorkerPool pool;
  private volatile WorkerProcess worker;
  private volatile WorkerInfo workerInfo;
  private volatile boolean closed;
  private volatile ScheduledThreadPoolExecutor timer;
  // Guarded by lifecycle.
  private int consecutiveFailures;
  private long lastFailureNanos;
  private LiteLlmException lastFailure;
  private long workersStarted;

  private LiteLlmClient(Options options) {
    this(options, false);
  }

  /** A client; a pool member ({@code poolMember}) runs one worker and leaves CRaC to its pool. */
  private LiteLlmClient(Options options, boolean poolMember) {
    this.options = options;
    this.runtime = options.runtime != null ? options.runtime : PythonRuntime.detect();
    Map<String, String> env = new LinkedHashMap<>(runtime.environment());
    if (options.litellmDebugInfo) {
      env.put("PYLAYER_LITELLM_DEBUG_INFO", "1");
    }
    env.putAll(options.environment);
    String layerPath = runtime.environment().get("PYTHONPATH");
    String extraPath = options.environment.get("PYTHONPATH");
    if (layerPath != null && extraPath != null && !extraPath.equals(layerPath)) {
      // Entries given in the options come first; the layer's own path must stay, or the stdlib and
      // site-packages.zip of the layer would be lost.
      env.put("PYTHONPATH", extraPath + java.io.File.pathSeparator + layerPath);
    }
    this.workerEnvironment = env;
    this.redactor = Redactor.forEnvironments(System.getenv(), env);
    this.slots = new Semaphore(options.maxInFlight, true);
    this.watchdog = new Watchdog(options.watchdogPingTimeout, options.maxTimeoutsInARow, this::timer, ids::incrementAndGet, this::restartAfterKill);
    this.pool = poolMember || options.workers == 1 ? null : newPool(options);
    this.cracResource = options.cracHooks && !poolMember && snapshotsPossible(System.getenv())
        ? CracHooks.register(this) : null;
  }

  /**
   * Whether this JVM may be snapshotted, judged from its environment. In Lambda only a SnapStart
   * init is ({@code AWS_LAMBDA_INITIALIZATION_TYPE} {@code snap-start}); an {@code on-demand} or
   * {@code provisioned-concurrency} init never is, and registering the CRaC hooks there would only
   * add ~10 ms of reflection before the worker's spawn. Anywhere else (a CRaC JDK) it may be.
   */
  static boolean snapshotsPossible(Map<String, String> environment) {
    String initialization = environment.get("AWS_LAMBDA_INITIALIZATION_TYPE");
    return !"on-demand".equals(initialization)
        && !"provisioned-concurrency".equals(initialization);
  }

  private static WorkerPool newPool(Options options) {
    java.util.List<LiteLlmClient> members = new java.util.ArrayList<>();
    for (int i = 0; i < options.workers; i++) {
      members.add(new LiteLlmClient(options, true));
    }
    return new WorkerPool(members);
  }

  /** The pool of a client with {@code workers(n)}, n > 1, or null; for tests and the bench. */
  WorkerPool pool() {
    return pool;
  }

  /**
   * A client with default options on the interpreter {@link PythonRuntime#detect()} finds.
   *
   * @throws PythonNotFoundException when there is no interpreter
   */
  public static LiteLlmClient create() {
    return new LiteLlmClient(Options.builder().build());
  }

  /**
   * A client with {@code options}; the worker starts on {@link #start()} or the first call.
   *
   * @throws PythonNotFoundException when options name no runtime and detection finds none
   */
  public static LiteLlmClient create(Options options) {
    return new LiteLlmClient(Objects.requireNonNull(options, "options"));
  }

  /**
   * Starts the worker if it is not running and waits until it has imported LiteLLM and said ready.
   * Call it during Lambda init. Idempotent.
   *
   * @return what the worker reported
   * @throws WorkerCrashedException when the worker cannot start (its stderr tail says why)
   */
  public WorkerInfo start() {
    if (pool != null) {
      return pool.startAll();
    }
    worker();
    return workerInfo;
  }

  /**
   * Starts the worker on a background thread and returns at once: Python spawns now and imports
   * LiteLLM while the JVM goes on with its own init (the Lambda runtime's serializers, the rest of
   * the handler), and the first call waits only for what is left of the import. For Lambda's
   * on-demand cold starts: examples/java-lambda answered its first request in 2.81 s instead of
   * 3.25 s (median of 9 cold starts each, alternated; bench/README-layer.md). With provisioned
   * concurrency prefer {@link #start()}: Lambda may freeze an initialized environment until its
   * first request, and a frozen import makes no progress. SnapStart's checkpoint hook waits for the
   * worker either way.
   *
   * @return completes with what the worker reported, or with the reason it could not start (calls
   *     then try to start a new one)
   */
  public CompletableFuture<WorkerInfo> startInBackground() {
    CompletableFuture<WorkerInfo> started = new CompletableFuture<>();
    Thread starter = new Thread(() -> {
      try {
        started.complete(start());
      } catch (Throwable e) {
        started.completeExceptionally(e);
      }
    }, "pylayer-worker-start");
    starter.setDaemon(true);
    starter.start();
    return started;
  }

  /**
   * Prepares for a snapshot (Lambda SnapStart, CRaC checkpoint): starts the worker if needed (so
   * {@code import litellm} is in the snapshot), makes the warm-up call if the options name one (its
   * failure is logged, not thrown), then closes every HTTP client LiteLLM holds in the worker, so no
   * open connection or TLS session is copied into the snapshot (clients are made again on first
   * use), and finishes what the worker's start-up deferred to first use (CA certificates, tiktoken
   * encodings), so no restored copy pays for it.
   * Registered as a CRaC resource automatically when {@code org.crac} is on the class path.
   *
   * @throws LiteLlmException when the worker cannot start or answer (the checkpoint should not proceed)
   */
  public void beforeCheckpoint() {
    if (pool != null) {
      pool.members().forEach(LiteLlmClient::beforeCheckpoint);
      return;
    }
    start();
    if (options.warmUpRequest != null) {
      try {
        completion(options.warmUpRequest);
      } catch (LiteLlmException e) {
        log().log(System.Logger.Level.WARNING, redactor.redact("the warm-up call before the snapshot failed: " + e.getMessage()));
      }
    }
    Map<String, Object> closed = snapshotOp("checkpoint");
    log().log(System.Logger.Level.INFO, "before snapshot: Python worker (pid " + workerInfo.pid() + ") ready, HTTP clients closed "
        + closed.get("closed") + ", reopened unconnected " + closed.get("reopened")
        + ", deferred start-up work finished " + closed.get("finished"));
  }

  /**
   * Resumes after a restore from a snapshot: reseeds the worker's random generators ({@code random},
   * tempfile's names, numpy's when numpy is loaded, uuid1's clock state) from the restored kernel's
   * {@code os.urandom}, so copies restored from one snapshot differ. A worker that did not survive
   * the restore is replaced. Registered as a CRaC resource automatically when {@code org.crac} is on
   * the class path.
   *
   * @throws LiteLlmException when the worker cannot be reached or restarted
   */
  public void afterRestore() {
    if (pool != null) {
      pool.members().forEach(LiteLlmClient::afterRestore);
      return;
    }
    Map<String, Object> reseeded;
    try {
      reseeded = snapshotOp("restore");
    } catch (WorkerCrashedException e) {
      // The worker did not survive the restore (or died just then): the retry starts a new one.
      log().log(System.Logger.Level.WARNING, redactor.redact("after restore the Python worker was gone: " + e.getMessage()));
      reseeded = snapshotOp("restore");
    }
    log().log(System.Logger.Level.INFO, "after restore: Python worker reseeded " + reseeded.get("reseeded"));
  }

  /** The CRaC resource registered for this client, or null; for tests. */
  Object cracResource() {
    return cracResource;
  }

  private Map<String, Object> snapshotOp(String op) {
    return await(submit(op, null, options.startTimeout, op + " (snapshot hook)", WorkerMessage::dataObject));
  }

  /** The interpreter this client runs. */
  public PythonRuntime runtime() {
    return runtime;
  }

  /** What the current worker reported at start; null before the first start. */
  public WorkerInfo workerInfo() {
    if (pool != null) {
      return pool.members().get(0).workerInfo();
    }
    return workerInfo;
  }

  /** How many worker processes this client has started (1 unless workers crashed). */
  public long workersStarted() {
    if (pool != null) {
      return pool.workersStarted();
    }
    synchronized (lifecycle) {
      return workersStarted;
    }
  }

  /**
   * Sends a chat completion and waits for it.
   *
   * @throws LiteLlmException (a subclass for LiteLLM's error classes) when the call fails
   */
  @Override
  public ChatResponse completion(ChatRequest request) {
    if (pool != null) {
      return pool.call(c -> c.completion(request));
    }
    return await(sendCompletion(request));
  }

  /**
   * Sends a chat completion without waiting. The future fails with a {@link LiteLlmException};
   * cancelling it cancels the call in the worker. Blocks only while all in-flight slots are busy or
   * the worker (re)starts.
   */
  @Override
  public CompletableFuture<ChatResponse> completionAsync(ChatRequest request) {
    if (pool != null) {
      return pool.callAsync(c -> c.completionAsync(request));
    }
    return withTimeout(sendCompletion(request));
  }

  /**
   * Starts a streamed chat completion ({@code stream=True}); chunks arrive as the provider sends them.
   * Close the stream (try-with-resources) to cancel it early. The call's timeout bounds the wait for
   * each next chunk.
   */
  @Override
  public CompletionStream stream(ChatRequest request) {
    if (pool != null) {
      return pool.stream(c -> c.stream(request));
    }
    return stream(request, request.paramsJson(), List.of());
  }

  /** A stream of {@code request} sent with {@code paramsJson} (e.g. LiteLlmRouter's, naming a router). */
  CompletionStream stream(ChatRequest request, String paramsJson, List<String> moreSecrets) {
    if (pool != null) {
      return pool.stream(c -> c.stream(request, paramsJson, moreSecrets));
    }
    redactor.learn(request.secrets());
    redactor.learn(moreSecrets);
    Duration timeout = timeoutOf(request.timeout());
    String description = describe("stream", request.model());
    acquireSlot(timeout, description);
    AtomicBoolean released = new AtomicBoolean();
    WorkerProcess w;
    try {
      w = worker();
    } catch (RuntimeException e) {
      release(released);
      throw e;
    }
    long id = ids.incrementAndGet();
    WorkerCompletionStream stream = new WorkerCompletionStream(timeout, description, options.streamWindow, () -> release(released),
        () -> w.cancel(id), credits -> w.sendCredit(id, credits), () -> watchdog.callTimedOut(w));
    w.send(id, "stream", paramsJson, options.streamWindow, stream.listener);
    return stream;
  }

  /** Computes embeddings and waits for them. */
  @Override
  public EmbeddingResponse embedding(EmbeddingRequest request) {
    if (pool != null) {
      return pool.call(c -> c.embedding(request));
    }
    return await(sendEmbedding(request));
  }

  /** Computes embeddings without waiting; see {@link #completionAsync}. */
  @Override
  public CompletableFuture<EmbeddingResponse> embeddingAsync(EmbeddingRequest request) {
    if (pool != null) {
      return pool.callAsync(c -> c.embeddingAsync(request));
    }
    return withTimeout(sendEmbedding(request));
  }

  /**
   * One round trip to the worker without LiteLLM (starting the worker if needed).
   *
   * @return the round-trip time
   */
  public Duration ping() {
    if (pool != null) {
      return pool.call(LiteLlmClient::ping);
    }
    WorkerProcess w = worker(); // start outside the measurement
    long start = System.nanoTime();
    await(submit("ping", null, options.defaultTimeout, "ping (worker pid " + w.pid() + ")", m -> Boolean.TRUE));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * The cost in USD of {@code response}, as LiteLLM's {@code completion_cost} computes it from the
   * response's model and usage with LiteLLM's cost map.
   *
   * @throws LiteLlmException when LiteLLM has no price for the model
   */
  public double cost(ChatResponse response) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("completion_response", Json.parseObject(response.rawJson()));
    return ((Number) utility("completion_cost", params, "completion_cost(" + response.model() + ")").get("cost")).doubleValue();
  }

  /**
   * LiteLLM's estimate in USD of {@code request} before sending it: the prompt's tokens counted for
   * its model, plus {@code expectedCompletion}'s ("" for the prompt alone), priced by the cost map.
   */
  public double estimateCost(ChatRequest request, String expectedCompletion) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("model", request.model());
    params.put("messages", messagesJson(request.messages()));
    params.put("completion", Objects.requireNonNull(expectedCompletion, "expectedCompletion"));
    return ((Number) utility("completion_cost", params, "completion_cost(" + request.model() + ")").get("cost")).doubleValue();
  }

  /** The tokens of {@code messages} for {@code model}, as LiteLLM's {@code token_counter} counts them. */
  public int countTokens(String model, java.util.List<ChatMessage> messages) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("model", model);
    params.put("messages", messagesJson(messages));
    return ((Number) utility("token_counter", params, "token_counter(" + model + ")").get("tokens")).intValue();
  }

  /** The tokens of {@code text} for {@code model}, as LiteLLM's {@code token_counter} counts them. */
  public int countTokens(String model, String text) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("model", model);
    params.put("text", Objects.requireNonNull(text, "text"));
    return ((Number) utility("token_counter", params, "token_counter(" + model + ")").get("tokens")).intValue();
  }

  private static java.util.List<Object> messagesJson(java.util.List<ChatMessage> messages) {
    java.util.List<Object> json = new java.util.ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      json.add(m.toJson());
    }
    return json;
  }

  /**
   * Stops the worker: calls in flight fail, stdin is closed so the worker exits, and after {@code
   * shutdownGrace} it is killed. Idempotent; the client cannot be used afterwards.
   */
  @Override
  public void close() {
    if (pool != null) {
      pool.closeAll();
    }
    WorkerProcess w;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      w = worker;
      worker = null;
    }
    if (w != null) {
      w.shutdown(closedException(), options.shutdownGrace);
    }
    ScheduledThreadPoolExecutor t = timer;
    if (t != null) {
      t.shutdownNow();
    }
  }

  private InFlight<ChatResponse> sendCompletion(ChatRequest request) {
    return sendCompletion(request, request.paramsJson(), List.of());
  }

  private InFlight<EmbeddingResponse> sendEmbedding(EmbeddingRequest request) {
    return sendEmbedding(request, request.paramsJson(), List.of());
  }

  // For LiteLlmRouter, cost and token counting: requests whose parameters the caller wrote (a router
  // spec added, or a utility op's own), with the secrets in them that the request does not know.

  private InFlight<ChatResponse> sendCompletion(ChatRequest request, String paramsJson, List<String> moreSecrets) {
    redactor.learn(request.secrets());
    redactor.learn(moreSecrets);
    return submit("completion", paramsJson, timeoutOf(request.timeout()), describe("completion", request.model()),
        m -> ChatResponse.fromJson(m.dataObject(), m.dataJson()));
  }

  private InFlight<EmbeddingResponse> sendEmbedding(EmbeddingRequest request, String paramsJson, List<String> moreSecrets) {
    redactor.learn(request.secrets());
    redactor.learn(moreSecrets);
    return submit("embedding", paramsJson, timeoutOf(request.timeout()), describe("embedding", request.model()),
        m -> EmbeddingResponse.fromJson(m.dataObject(), m.dataJson()));
  }

  ChatResponse completion(ChatRequest request, String paramsJson, List<String> moreSecrets) {
    if (pool != null) {
      return pool.call(c -> c.completion(request, paramsJson, moreSecrets));
    }
    return await(sendCompletion(request, paramsJson, moreSecrets));
  }

  CompletableFuture<ChatResponse> completionAsync(ChatRequest request, String paramsJson, List<String> moreSecrets) {
    if (pool != null) {
      return pool.callAsync(c -> c.completionAsync(request, paramsJson, moreSecrets));
    }
    return withTimeout(sendCompletion(request, paramsJson, moreSecrets));
  }

  EmbeddingResponse embedding(EmbeddingRequest request, String paramsJson, List<String> moreSecrets) {
    if (pool != null) {
      return pool.call(c -> c.embedding(request, paramsJson, moreSecrets));
    }
    return await(sendEmbedding(request, paramsJson, moreSecrets));
  }

  CompletableFuture<EmbeddingResponse> embeddingAsync(EmbeddingRequest request, String paramsJson, List<String> moreSecrets) {
    if (pool != null) {
      return pool.callAsync(c -> c.embeddingAsync(request, paramsJson, moreSecrets));
    }
    return withTimeout(sendEmbedding(request, paramsJson, moreSecrets));
  }

  /** One of the worker's utility ops (completion_cost, token_counter): its answer's data member. */
  Map<String, Object> utility(String op, Map<String, Object> params, String description) {
    if (pool != null) {
      return pool.call(c -> c.utility(op, params, description));
    }
    return await(submit(op, Json.write(params), options.defaultTimeout, description, WorkerMessage::dataObject));
  }

  private <T> InFlight<T> submit(String op, String paramsJson, Duration timeout, String description, Function<WorkerMessage, T> decode) {
    long deadline = System.nanoTime() + timeout.toNanos();
    acquireSlot(timeout, description);
    AtomicBoolean released = new AtomicBoolean();
    // A ping's answer shows the event loop runs, not that calls complete: it does not reset the watchdog's count.
    UnaryCall<T> call = new UnaryCall<>(decode, description, "ping".equals(op));
    WorkerProcess w;
    try {
      w = worker();
    } catch (RuntimeException e) {
      release(released);
      throw e;
    }
    long id = ids.incrementAndGet();
    call.future.whenComplete((value, error) -> {
      release(released);
      if (error instanceof CancellationException) {
        w.cancel(id); // the caller cancelled the future
      }
    });
    w.send(id, op, paramsJson, call);
    return new InFlight<>(call, w, id, deadline, timeout, description, watchdog);
  }

  private <T> T await(InFlight<T> inFlight) {
    try {
      long remaining = inFlight.deadline - System.nanoTime();
      return inFlight.call.future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new LiteLlmException("Error", inFlight.description + " failed: " + cause, null, null, false, cause);
    } catch (TimeoutException e) {
      if (!inFlight.expire() && !inFlight.call.future.isCompletedExceptionally()) {
        return inFlight.call.future.join(); // the answer arrived just as the wait ended
      }
      throw inFlight.timeoutException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      inFlight.worker.cancel(inFlight.id);
      throw new LiteLlmException("Interrupted", inFlight.description + ": interrupted while waiting", null, null, false, e);
    }
  }

  private <T> CompletableFuture<T> withTimeout(InFlight<T> inFlight) {
    CompletableFuture<T> future = inFlight.call.future;
    if (!future.isDone()) {
      long remaining = Math.max(0, inFlight.deadline - System.nanoTime());
      ScheduledFuture<?> expiry = timer().schedule(inFlight::expire, remaining, TimeUnit.NANOSECONDS);
      future.whenComplete((value, error) -> expiry.cancel(false));
    }
    return future;
  }

  private ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = timer;
    if (t == null) {
      synchronized (lifecycle) {
        t = timer;
        if (t == null) {
          t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "pylayer-call-timeouts");
            thread.setDaemon(true);
            return thread;
          });
          t.setRemoveOnCancelPolicy(true);
          timer = t;
        }
      }
    }
    return t;
  }

  private void acquireSlot(Duration timeout, String description) {
    if (closed) {
      throw closedException();
    }
    boolean acquired;
    try {
      acquired = slots.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LiteLlmException("Interrupted", description + ": interrupted while waiting for an in-flight slot", null, null, false, e);
    }
    if (!acquired) {
      throw new LiteLlmTimeoutException("InFlightLimit",
          description + ": all " + options.maxInFlight + " in-flight slots stayed busy for " + timeout.toMillis()
              + " ms (raise LiteLlmClient.Options maxInFlight or the call's timeout)", null, null, true, null);
    }
  }

  private void release(AtomicBoolean released) {
    if (released.compareAndSet(false, true)) {
      slots.release();
    }
  }

  /** The running worker, starting or restarting one when needed. */
  private WorkerProcess worker() {
    WorkerProcess w = worker;
    if (w != null && w.isAlive() && watchdog.awaitVerdict(w)) {
      return w;
    }
    synchronized (lifecycle) {
      if (closed) {
        throw closedException();
      }
      w = worker;
      if (w != null && w.isAlive()) {
        return w;
      }
      if (w != null) {
        // A worker that served calls before dying starts a new count: crashes are not in a row.
        consecutiveFailures = w.servedSuccessfully() ? 1 : consecutiveFailures + 1;
        lastFailure = w.death();
        lastFailureNanos = System.nanoTime();
        worker = null;
      }
      waitBeforeRestart();
      WorkerProcess fresh = null;
      try {
        fresh = WorkerProcess.launch(runtime, workerEnvironment,
            options.maxLineBytes, options.stderrTailBytes, redactor, options.stderrListener, this::onWorkerDeath);
        workersStarted++;
        workerInfo = fresh.awaitReady(options.startTimeout);
        // One line per start (a cold start's, a restart's): pylayer-lambda-harness reads the phases from it.
        log().log(System.Logger.Level.INFO, "started Python worker #" + workersStarted + " (pid " + fresh.pid() + ") in "
            + workerInfo.startTime().toMillis() + " ms, import litellm " + workerInfo.importTime().toMillis() + " ms");
      } catch (LiteLlmException e) {
        if (fresh != null) {
          fresh.kill();
        }
        consecutiveFailures++;
        lastFailure = e;
        lastFailureNanos = System.nanoTime();
        throw e;
      }
      worker = fresh;
      return fresh;
    }
  }

  /** Logs a worker's death with its reason and last stderr lines, unless the client is closing it. */
  private void onWorkerDeath(WorkerProcess dead) {
    if (closed) {
      return;
    }
    LiteLlmException reason = dead.death();
    String tail = reason instanceof WorkerCrashedException ? ((WorkerCrashedException) reason).stderrTail() : dead.stderrTail();
    String message = reason == null ? "the Python worker (pid " + dead.pid() + ") stopped" : firstLine(reason.getMessage());
    log().log(System.Logger.Level.WARNING, redactor.redact(message + ". Its last stderr lines:\n" + lastLines(tail, LOGGED_STDERR_LINES)));
  }

  /** After the watchdog killed a worker: start its successor now, so the next call finds it ready. */
  private void restartAfterKill(WorkerProcess killed) {
    if (closed) {
      return;
    }
    Thread restart = new Thread(() -> {
      try {
        worker();
      } catch (RuntimeException e) {
        log().log(System.Logger.Level.WARNING, redactor.redact("restarting the Python worker failed: " + e.getMessage()));
      }
    }, "pylayer-worker-restart");
    restart.setDaemon(true);
    restart.start();
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    // WorkerCrashedException appends the tail after "; worker stderr ends with:"; it is logged separately.
    int tail = line.indexOf("; worker stderr ends with:");
    return tail < 0 ? line : line.substring(0, tail);
  }

  static String lastLines(String text, int count) {
    if (text == null || text.isBlank()) {
      return "  (nothing)";
    }
    String[] lines = text.strip().split("\n");
    StringBuilder out = new StringBuilder();
    for (int i = Math.max(0, lines.length - count); i < lines.length; i++) {
      out.append("  ").append(lines[i]).append('\n');
    }
    return out.toString().stripTrailing();
  }

  /** Spaces restarts after failures in a row; past maxRestarts, fails fast until the backoff passed. */
  private void waitBeforeRestart() {
    if (consecutiveFailures <= 1) {
      return; // the first start, or the first crash after a good run: restart at once
    }
    long backoff = Math.min(options.restartBackoff.toNanos() << Math.min(20, consecutiveFailures - 2), options.maxRestartBackoff.toNanos());
    long waited = System.nanoTime() - lastFailureNanos;
    if (consecutiveFailures > options.maxRestarts) {
      long left = options.maxRestartBackoff.toNanos() - waited;
      if (left > 0) {
        throw new WorkerCrashedException("the Python worker failed " + consecutiveFailures + " times in a row; not restarting for another "
            + TimeUnit.NANOSECONDS.toMillis(left) + " ms. Last failure: " + (lastFailure == null ? "unknown" : lastFailure.getMessage()),
            lastFailure instanceof WorkerCrashedException ? ((WorkerCrashedException) lastFailure).stderrTail() : "", lastFailure);
      }
      return;
    }
    long sleep = backoff - waited;
    if (sleep > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LiteLlmException("Interrupted", "interrupted while waiting to restart the Python worker", null, null, false, e);
      }
    }
  }

  private Duration timeoutOf(Duration requested) {
    return requested != null ? requested : options.defaultTimeout;
  }

  private static String describe(String op, String model) {
    return op + "(model=" + model + ")";
  }

  private LiteLlmException closedException() {
    return new LiteLlmException("ClientClosed", "the LiteLlmClient is closed", null, null, false, null);
  }

  /** A sent unary call with what is needed to time it out. */
  private static final class InFlight<T> {
    final UnaryCall<T> call;
    final WorkerProcess worker;
    final long id;
    final long deadline;
    final Duration timeout;
    final String description;
    final Watchdog watchdog;

    InFlight(UnaryCall<T> call, WorkerProcess worker, long id, long deadline, Duration timeout, String description, Watchdog watchdog) {
      this.call = call;
      this.worker = worker;
      this.id = id;
      this.deadline = deadline;
      this.timeout = timeout;
      this.description = description;
      this.watchdog = watchdog;
    }

    /**
     * Fails the call with a timeout and cancels it in the worker, if it is still pending.
     *
     * @return whether it was still pending
     */
    boolean expire() {
      if (worker.cancel(id) != null) {
        call.fail(timeoutException());
        watchdog.callTimedOut(worker);
        return true;
      }
      return false;
    }

    LiteLlmTimeoutException timeoutException() {
      return new LiteLlmTimeoutException("CallTimeout", description + ": no answer from the worker within " + timeout.toMillis()
          + " ms; the call was cancelled in the worker (set a longer timeout on the request or in LiteLlmClient.Options)", null, null, true, null);
    }
  }

  /** How a {@link LiteLlmClient} runs its worker. Build with {@link #builder()}. */
  public static final class Options {
    private final PythonRuntime runtime;
    private final Map<String, String> environment;
    private final Duration defaultTimeout;
    private final Duration startTimeout;
    private final int maxInFlight;
    private final int maxLineBytes;
    private final int stderrTailBytes;
    private final Consumer<String> stderrListener;
    private final int maxRestarts;
    private final Duration restartBackoff;
    private final Duration maxRestartBackoff;
    private final Duration shutdownGrace;
    private final Duration watchdogPingTimeout;
    private final int maxTimeoutsInARow;
    private final int streamWindow;
    private final boolean litellmDebugInfo;
    private final boolean cracHooks;
    private final ChatRequest warmUpRequest;
    private final int workers;

    private Options(Builder b) {
      this.runtime = b.runtime;
      this.environment = JsonFields.copy(b.environment);
      this.defaultTimeout = b.defaultTimeout;
      this.startTimeout = b.startTimeout;
      this.maxInFlight = b.maxInFlight;
      this.maxLineBytes = b.maxLineBytes;
      this.stderrTailBytes = b.stderrTailBytes;
      this.stderrListener = b.stderrListener;
      this.maxRestarts = b.maxRestarts;
      this.restartBackoff = b.restartBackoff;
      this.maxRestartBackoff = b.maxRestartBackoff;
      this.shutdownGrace = b.shutdownGrace;
      this.watchdogPingTimeout = b.watchdogPingTimeout;
      this.maxTimeoutsInARow = b.maxTimeoutsInARow;
      this.streamWindow = b.streamWindow;
      this.litellmDebugInfo = b.litellmDebugInfo;
      this.cracHooks = b.cracHooks;
      this.warmUpRequest = b.warmUpRequest;
      this.workers = b.workers;
    }

    /** A builder with the defaults documented on each setter. */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private PythonRuntime runtime;
      private final Map<String, String> environment = new LinkedHashMap<>();
      private Duration defaultTimeout = Duration.ofMinutes(5);
      private Duration startTimeout = Duration.ofSeconds(60);
      private int maxInFlight = 64;
      private int maxLineBytes = 32 << 20;
      private int stderrTailBytes = 64 << 10;
      private Consumer<String> stderrListener = line -> System.err.println("pylayer-worker: " + line);
      private int maxRestarts = 5;
      private Duration restartBackoff = Duration.ofMillis(100);
      private Duration maxRestartBackoff = Duration.ofSeconds(30);
      private Duration shutdownGrace = Duration.ofSeconds(2);
      private Duration watchdogPingTimeout = Duration.ofSeconds(10);
      private int maxTimeoutsInARow = 5;
      private int streamWindow = 64;
      private boolean litellmDebugInfo;
      private boolean cracHooks = true;
      private ChatRequest warmUpRequest;
      private int workers = 1;

      private Builder() {}

      /** The interpreter; default: {@link PythonRuntime#detect()} when the client is created. */
      public Builder runtime(PythonRuntime runtime) {
        this.runtime = runtime;
        return this;
      }

      /**
       * A variable for the worker's environment, on top of the inherited one and the runtime's (e.g.
       * OPENAI_API_KEY, or LITELLM_LOCAL_MODEL_COST_MAP, which the worker otherwise sets to "True").
       * "false" for DEFER_PYDANTIC_BUILD, PYLAYER_DEFER_CA_LOAD or PYLAYER_DEFER_TIKTOKEN_LOAD
       * turns off one of the worker's start-up deferrals (pydantic models, SSL contexts' CA
       * certificates and tiktoken encodings built on first use instead of during {@code import
       * litellm}), for PYLAYER_GC_FREEZE its import without garbage collections (README, "Calling
       * LiteLLM from Java"). Values of variables named like keys, tokens or secrets are redacted
       * from stderr. A PYTHONPATH given here is put before the runtime's (the layer's), not in
       * place of it.
       */
      public Builder environment(String name, String value) {
        environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
      }

      /** Variables for the worker's environment; see {@link #environment(String, String)}. */
      public Builder environment(Map<String, String> variables) {
        variables.forEach(this::environment);
        return this;
      }

      /** How long a call waits unless the request sets its own timeout; default 5 minutes. */
      public Builder defaultTimeout(Duration timeout) {
        this.defaultTimeout = positive(timeout, "defaultTimeout");
        return this;
      }

      /** How long {@link #start()} waits for the worker's ready line; default 60 s. */
      public Builder startTimeout(Duration timeout) {
        this.startTimeout = positive(timeout, "startTimeout");
        return this;
      }

      /** Calls in the worker at once; callers beyond wait (see the class comment); default 64. */
      public Builder maxInFlight(int maxInFlight) {
        if (maxInFlight < 1) {
          throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        return this;
      }

      /** The longest protocol line either way (a response, a chunk, a request); default 32 MiB. */
      public Builder maxLineBytes(int maxLineBytes) {
        if (maxLineBytes < 1024) {
          throw new IllegalArgumentException("maxLineBytes must be at least 1024, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        return this;
      }

      /** How much of the worker's stderr is kept for {@link WorkerCrashedException}; default 64 KiB. */
      public Builder stderrTailBytes(int bytes) {
        if (bytes < 1) {
          throw new IllegalArgumentException("stderrTailBytes must be positive, got " + bytes);
        }
        this.stderrTailBytes = bytes;
        return this;
      }

      /**
       * Receives each line the worker writes to stderr, redacted; default: printed to System.err with a
       * "pylayer-worker: " prefix (in Lambda: the function's log). Null drops them (the tail is still kept).
       */
      public Builder stderrListener(Consumer<String> listener) {
        this.stderrListener = listener;
        return this;
      }

      /** Failed workers in a row restarted before calls fail fast (see the class comment); default 5. */
      public Builder maxRestarts(int maxRestarts) {
        if (maxRestarts < 0) {
          throw new IllegalArgumentException("maxRestarts must not be negative, got " + maxRestarts);
        }
        this.maxRestarts = maxRestarts;
        return this;
      }

      /** First restart backoff, doubled per failure in a row (default 100 ms), capped at {@code max} (default 30 s). */
      public Builder restartBackoff(Duration initial, Duration max) {
        this.restartBackoff = positive(initial, "restartBackoff");
        this.maxRestartBackoff = positive(max, "maxRestartBackoff");
        return this;
      }

      /** How long {@link LiteLlmClient#close()} lets the worker exit before killing it; default 2 s. */
      public Builder shutdownGrace(Duration grace) {
        this.shutdownGrace = Objects.requireNonNull(grace, "grace");
        return this;
      }

      /**
       * How long the worker has to answer the ping the watchdog sends when a call times out; no answer
       * and it is killed and replaced (see the class comment). Default 10 s: far above any time a
       * healthy worker's event loop is busy, well below Lambda's 15-minute limit.
       */
      public Builder watchdogPingTimeout(Duration timeout) {
        this.watchdogPingTimeout = positive(timeout, "watchdogPingTimeout");
        return this;
      }

      /**
       * Calls in a row that may time out, none completing in between, before the worker is replaced
       * even though it answers pings (0: never); default 5.
       */
      public Builder maxTimeoutsInARow(int count) {
        if (count < 0) {
          throw new IllegalArgumentException("maxTimeoutsInARow must not be negative, got " + count);
        }
        this.maxTimeoutsInARow = count;
        return this;
      }

      /** Chunks of a stream the worker sends ahead of the caller (the JVM buffers at most these); default 64. */
      public Builder streamWindow(int chunks) {
        if (chunks < 2) {
          throw new IllegalArgumentException("streamWindow must be at least 2, got " + chunks);
        }
        this.streamWindow = chunks;
        return this;
      }

      /**
       * Whether LiteLLM may print its "Give Feedback / Get Help" and "LiteLLM.Info" banners on errors
       * (to the worker's stderr, i.e. the function's log); default false ({@code
       * litellm.suppress_debug_info = True}).
       */
      public Builder litellmDebugInfo(boolean enabled) {
        this.litellmDebugInfo = enabled;
        return this;
      }

      /**
       * Whether the client registers {@link LiteLlmClient#beforeCheckpoint()} and {@link
       * LiteLlmClient#afterRestore()} with CRaC when {@code org.crac} is on the class path; default true.
       * In a Lambda init that is not SnapStart's ({@code AWS_LAMBDA_INITIALIZATION_TYPE} {@code
       * on-demand} or {@code provisioned-concurrency}) nothing is registered: no snapshot is taken.
       */
      public Builder cracHooks(boolean register) {
        this.cracHooks = register;
        return this;
      }

      /**
       * A call made in {@link LiteLlmClient#beforeCheckpoint()}, so the code paths it runs (provider
       * modules imported on first use, tokenizer data) are loaded in the snapshot. Use a request that
       * needs no network, e.g. with {@code extra("mock_response", "ok")}. Default: none.
       */
      public Builder warmUp(ChatRequest request) {
        this.warmUpRequest = request;
        return this;
      }

      /**
       * How many Python workers serve this client; default 1. One worker runs LiteLLM's per-call work
       * on one core (one GIL): about 600-800 mock completions/s with litellm 1.45.0. With n &gt; 1 each
       * call goes to the worker with the fewest calls in flight; each worker has its own process
       * (~160 MB), {@code maxInFlight} slots and restarts, and all start together on {@link
       * LiteLlmClient#start()}. Size it to the cores the service may use for LiteLLM, not more: see
       * bench/README-runtime.md. In Lambda keep 1 (a function serves one call at a time).
       */
      public Builder workers(int workers) {
        if (workers < 1 || workers > 64) {
          throw new IllegalArgumentException("workers must be between 1 and 64, got " + workers);
        }
        this.workers = workers;
        return this;
      }

      /** The options. */
      public Options build() {
        return new Options(this);
      }

      private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
      }
    }
  }
}
