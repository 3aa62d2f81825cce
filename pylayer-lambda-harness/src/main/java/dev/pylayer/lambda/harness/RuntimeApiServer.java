package dev.pylayer.lambda.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Lambda Runtime API (version 2018-06-01) on 127.0.0.1, as far as a runtime interface client uses
 * it: {@code GET /runtime/invocation/next} (blocks until {@link #invoke} queues an event, then answers
 * with the event and the {@code Lambda-Runtime-*} headers), {@code POST
 * /runtime/invocation/{id}/response}, {@code POST /runtime/invocation/{id}/error} and {@code POST
 * /runtime/init/error}. Pass {@link #address()} to the runtime as {@code AWS_LAMBDA_RUNTIME_API}.
 *
 * <p>One function (one runtime) per server, invocations one at a time, as Lambda sends them to one
 * execution environment.
 */
public final class RuntimeApiServer implements AutoCloseable {
  private static final String PREFIX = "/2018-06-01/runtime/";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "lambda-runtime-api");
    t.setDaemon(true);
    return t;
  });
  private final String functionArn;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
  private final CompletableFuture<Instant> firstPoll = new CompletableFuture<>();
  private final AtomicReference<String> initError = new AtomicReference<>();

  private RuntimeApiServer(String functionName) throws IOException {
    this.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    server = LoopbackHttpServer.create(16);
    server.setExecutor(executor);
    server.createContext(PREFIX, this::handle);
    server.start();
  }

  /** A server for the function {@code functionName} (used in the invoked function ARN). */
  public static RuntimeApiServer start(String functionName) throws IOException {
    return new RuntimeApiServer(functionName);
  }

  /** {@code 127.0.0.1:<port>}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Completes when the runtime first asks for an invocation: its init phase is over. */
  public CompletableFuture<Instant> firstPoll() {
    return firstPoll;
  }

  /** The body the runtime posted to {@code /runtime/init/error}, if it did. */
  public Optional<String> initError() {
    return Optional.ofNullable(initError.get());
  }

  /**
   * Queues {@code eventJson} with a deadline {@code functionTimeout} from now and waits until the
   * function answers or the deadline passes.
   */
  public Invocation invoke(String eventJson, Duration functionTimeout) throws InterruptedException {
    Pending pending = submit(eventJson, functionTimeout);
    long waitNanos = Duration.between(Instant.now(), pending.deadline).toNanos();
    try {
      return pending.result.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      inFlight.remove(pending.id);
      queue.remove(pending);
      return new Invocation(pending.id, Invocation.Status.TIMED_OUT, "", null,
          Duration.ofNanos(System.nanoTime() - pending.queuedNanos), pending.deadline);
    } catch (ExecutionException e) {
      throw new IllegalStateException("invocation " + pending.id + " failed in the harness", e.getCause());
    }
  }

  private Pending submit(String eventJson, Duration functionTimeout) {
    Pending pending = new Pending(UUID.randomUUID().toString(), eventJson, Instant.now().plus(functionTimeout), System.nanoTime());
    inFlight.put(pending.id, pending);
    queue.add(pending);
    return pending;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals("invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && path.equals("init/error")) {
        initError.compareAndSet(null, body(exchange));
        firstPoll.completeExceptionally(new IllegalStateException("the runtime reported an init error: " + initError.get()));
        send(exchange, 202, "{\"status\":\"OK\"}");
      } else if (method.equals("POST") && path.startsWith("invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
        String id = path.substring("invocation/".length(), path.lastIndexOf('/'));
        boolean error = path.endsWith("/error");
        String body = body(exchange);
        Pending pending = inFlight.remove(id);
        if (pending == null) {
          send(exchange, 400, "{\"errorMessage\":\"unknown or finished request id " + id + "\",\"errorType\":\"InvalidRequestID\"}");
          return;
        }
        pending.result.complete(new Invocation(id, error ? Invocation.Status.ERROR : Invocation.Status.SUCCESS, body,
            error ? exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") : null,
            Duration.ofNanos(System.nanoTime() - pending.queuedNanos), pending.deadline));
        send(exchange, 202, "{\"status\":\"OK\"}");
      } else {
        send(exchange, 404, "{\"errorMessage\":\"no such Runtime API endpoint: " + method + " " + path + "\"}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    firstPoll.complete(Instant.now());
    Pending pending;
    try {
      pending = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // the server is closing
    }
    var headers = exchange.getResponseHeaders();
    headers.add("Lambda-Runtime-Aws-Request-Id", pending.id);
    headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadline.toEpochMilli()));
    headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
    headers.add("Content-Type", "application/json");
    send(exchange, 200, pending.event);
  }

  private static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // ends a /next still waiting
  }

  private static final class Pending {
    final String id;
    final String event;
    final Instant deadline;
    final long queuedNanos;
    final CompletableFuture<Invocation> result = new CompletableFuture<>();

    Pending(String id, String event, Instant deadline, long queuedNanos) {
      this.id = id;
      this.event = event;
      this.deadline = deadline;
      this.queuedNanos = queuedNanos;
    }
  }
}
