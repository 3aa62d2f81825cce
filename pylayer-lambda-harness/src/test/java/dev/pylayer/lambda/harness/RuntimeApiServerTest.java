package dev.pylayer.lambda.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The Runtime API server, driven by a plain HTTP client in the role of a runtime interface client. */
class RuntimeApiServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(RuntimeApiServer api, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://" + api.address() + "/2018-06-01/runtime/" + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(RuntimeApiServer api, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + api.address() + "/2018-06-01/runtime/" + path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesAnEventWithLambdasHeadersAndTakesTheResponse() throws Exception {
    try (RuntimeApiServer api = RuntimeApiServer.start("demo")) {
      assertThat(api.address()).startsWith("127.0.0.1:");
      CompletableFuture<Invocation> result = CompletableFuture.supplyAsync(() -> invoke(api, "{\"n\":1}", Duration.ofSeconds(30)));

      HttpResponse<String> next = get(api, "invocation/next");
      assertThat(api.firstPoll()).isDone();
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.body()).isEqualTo("{\"n\":1}");
      String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
      long deadline = Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
      assertThat(deadline).isBetween(Instant.now().toEpochMilli() + 25_000, Instant.now().toEpochMilli() + 31_000);
      assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue("arn:aws:lambda:us-east-1:000000000000:function:demo");
      assertThat(next.headers().firstValue("Lambda-Runtime-Trace-Id")).isPresent();

      assertThat(post(api, "invocation/" + id + "/response", "{\"ok\":true}").statusCode()).isEqualTo(202);
      Invocation invocation = result.join();
      assertThat(invocation.status()).isEqualTo(Invocation.Status.SUCCESS);
      assertThat(invocation.body()).isEqualTo("{\"ok\":true}");
      assertThat(invocation.requestId()).isEqualTo(id);
      // A second answer to the same request is refused, as Lambda refuses it.
      assertThat(post(api, "invocation/" + id + "/response", "{}").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void recordsErrorsAndTimeouts() throws Exception {
    try (RuntimeApiServer api = RuntimeApiServer.start("demo")) {
      CompletableFuture<Invocation> failing = CompletableFuture.supplyAsync(() -> invoke(api, "{}", Duration.ofSeconds(30)));
      String id = get(api, "invocation/next").headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
      post(api, "invocation/" + id + "/error", "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.RuntimeException\"}",
          "Lambda-Runtime-Function-Error-Type", "java.lang.RuntimeException");
      Invocation error = failing.join();
      assertThat(error.status()).isEqualTo(Invocation.Status.ERROR);
      assertThat(error.errorType()).isEqualTo("java.lang.RuntimeException");
      assertThat(error.body()).contains("boom");

      // Nobody answers: the invocation times out at its deadline.
      Invocation late = invoke(api, "{}", Duration.ofMillis(300));
      assertThat(late.status()).isEqualTo(Invocation.Status.TIMED_OUT);
      assertThat(late.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
      assertThat(get(api, "no/such/endpoint").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void initErrorEndsTheWaitForInit() throws Exception {
    try (RuntimeApiServer api = RuntimeApiServer.start("demo")) {
      post(api, "init/error", "{\"errorMessage\":\"Error loading class\",\"errorType\":\"java.lang.ExceptionInInitializerError\"}");
      assertThat(api.initError()).hasValueSatisfying(body -> assertThat(body).contains("Error loading class"));
      assertThat(api.firstPoll()).isCompletedExceptionally();
    }
  }

  private static Invocation invoke(RuntimeApiServer api, String event, Duration timeout) {
    try {
      return api.invoke(event, timeout);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
