package dev.pylayer.fetch;

import static dev.pylayer.testing.LocalHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.testing.LocalHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpTransportTest {

  private static final String BASIC_ALICE =
      "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));

  private LocalHttpServer server;
  private final HttpTransport transport = HttpTransport.create(fastSettings().build());

  static HttpSettings.Builder fastSettings() {
    return HttpSettings.builder().backoff(RetryBackoff.none()).timeout(Duration.ofSeconds(5));
  }

  @BeforeEach
  void startServer() throws IOException {
    server = LocalHttpServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static String body(HttpTransport.Response response) throws IOException {
    return new String(response.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void retriesServerErrorsThenSucceeds() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server.on("/flaky", exchange -> {
      if (calls.incrementAndGet() <= 2) {
        send(exchange, calls.get() == 1 ? 503 : 429, "text/plain", "busy");
      } else {
        send(exchange, 200, "text/plain", "ok");
      }
    });

    try (HttpTransport.Response response = transport.get(server.uri("/flaky"), Map.of())) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(body(response)).isEqualTo("ok");
    }
    assertThat(server.requests("/flaky")).hasSize(3);
  }

  @Test
  void givesUpAfterTheConfiguredRetriesAndNamesUrlAndStatus() throws IOException {
    server.on("/down", exchange -> send(exchange, 502, "text/plain", "bad gateway"));
    HttpTransport twoRetries = HttpTransport.create(fastSettings().retries(2).build());

    HttpTransport.Response response = twoRetries.get(server.uri("/down"), Map.of());

    assertThat(response.statusCode()).isEqualTo(502);
    assertThatThrownBy(() -> response.requireSuccess("page"))
        .isInstanceOf(HttpStatusException.class)
        .hasMessageContaining(server.uri("/down").toString())
        .hasMessageContaining("HTTP 502")
        .hasMessageContaining("3 attempts");
    assertThat(server.requests("/down")).hasSize(3);
  }

  @Test
  void doesNotRetryClientErrors() throws IOException {
    server.on("/gone", exchange -> send(exchange, 404, "text/plain", "no"));
    try (HttpTransport.Response response = transport.get(server.uri("/gone"), Map.of())) {
      assertThat(response.statusCode()).isEqualTo(404);
    }
    assertThat(server.requests("/gone")).hasSize(1);
  }

  @Test
  void followsRedirectsAndReportsTheFinalUrl() throws IOException {
    server.on("/a", LocalHttpServer.redirect(301, "/b/"));
    server.on("/b/", LocalHttpServer.redirect(302, "c"));
    server.on("/b/c", exchange -> send(exchange, 200, "text/plain", "here"));

    try (HttpTransport.Response response = transport.get(server.uri("/a"), Map.of())) {
      assertThat(response.uri()).isEqualTo(server.uri("/b/c"));
      assertThat(body(response)).isEqualTo("here");
    }
  }

  @Test
  void stopsRedirectLoops() {
    server.on("/loop", LocalHttpServer.redirect(302, "/loop"));
    HttpTransport few = HttpTransport.create(fastSettings().maxRedirects(3).build());

    assertThatThrownBy(() -> few.get(server.uri("/loop"), Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("more than 3 redirects");
  }

  private void requireAlice(String path) {
    server.on(path, exchange -> {
      if (BASIC_ALICE.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 200, "text/plain", "welcome");
      } else {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"index\"");
        send(exchange, 401, "text/plain", "who are you");
      }
    });
  }

  @Test
  void sendsBasicCredentialsFromUrlUserInfo() throws IOException {
    requireAlice("/private");
    URI withLogin = URI.create("http://alice:s3cret@127.0.0.1:" + server.port() + "/private");

    try (HttpTransport.Response response = transport.get(withLogin, Map.of())) {
      assertThat(body(response)).isEqualTo("welcome");
    }
    // The same host and port now gets the login without userinfo in the URL (pip does this for
    // files linked from an index page).
    try (HttpTransport.Response response = transport.get(server.uri("/private"), Map.of())) {
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void unauthorizedErrorsExplainTheFixAndNeverShowThePassword() throws IOException {
    requireAlice("/private");
    URI wrong = URI.create("http://alice:WRONGPASS@127.0.0.1:" + server.port() + "/private");

    HttpTransport.Response rejected = transport.get(wrong, Map.of());
    assertThatThrownBy(() -> rejected.requireSuccess("page"))
        .isInstanceOf(HttpStatusException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("rejected the login")
        .hasMessageNotContaining("WRONGPASS");

    HttpTransport fresh = HttpTransport.create(fastSettings().build());
    HttpTransport.Response anonymous = fresh.get(server.uri("/private"), Map.of());
    assertThatThrownBy(() -> anonymous.requireSuccess("page"))
        .hasMessageContaining("needs a login")
        .hasMessageContaining(".netrc");
    assertThat(Uris.redact(wrong)).isEqualTo("http://***@127.0.0.1:" + server.port() + "/private");
  }

  @Test
  void sendsBasicCredentialsFromNetrc(@TempDir Path home) throws IOException {
    requireAlice("/private");
    Files.writeString(home.resolve(".netrc"),
        "# test login\nmachine other.example login bob password nope\n"
            + "machine 127.0.0.1\n  login alice\n  password s3cret\n");
    HttpTransport withNetrc = HttpTransport.create(
        HttpSettings.fromEnvironment(Map.of(), home).toBuilder().backoff(RetryBackoff.none())
            .build());

    try (HttpTransport.Response response = withNetrc.get(server.uri("/private"), Map.of())) {
      assertThat(body(response)).isEqualTo("welcome");
    }
  }

  @Test
  void doesNotCarryCredentialsToAnotherHostOnRedirect() throws IOException {
    requireAlice("/private");
    // "localhost" is another host name for the same server: a cross-host redirect.
    server.on("/jump", LocalHttpServer.redirect(302,
        "http://localhost:" + server.port() + "/landing"));
    server.on("/landing", exchange -> send(exchange, 200, "text/plain",
        String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
    URI withLogin = URI.create("http://alice:s3cret@127.0.0.1:" + server.port() + "/jump");

    try (HttpTransport.Response response = transport.get(withLogin, Map.of())) {
      assertThat(body(response)).isEqualTo("null");
    }
    assertThat(server.requests("/jump").get(0).header("Authorization")).isEqualTo(BASIC_ALICE);
  }

  @Test
  void unreachableHostFailsWithHostUnreachableAfterRetries() throws IOException {
    int port = LocalHttpServer.closedPort();
    URI nowhere = URI.create("http://127.0.0.1:" + port + "/simple/");

    assertThatThrownBy(() -> transport.get(nowhere, Map.of()))
        .isInstanceOf(HostUnreachableException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("4 attempts");
  }

  @Test
  void failsABodyThatStallsLongerThanTheReadTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.on("/stall", exchange -> {
      exchange.sendResponseHeaders(200, 1000);
      OutputStream out = exchange.getResponseBody();
      out.write(new byte[100]);
      out.flush();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    HttpTransport impatient =
        HttpTransport.create(fastSettings().readTimeout(Duration.ofMillis(200)).build());

    try (HttpTransport.Response response = impatient.get(server.uri("/stall"), Map.of())) {
      InputStream body = response.body();
      assertThatThrownBy(() -> body.readAllBytes())
          .isInstanceOf(HttpTimeoutException.class)
          .hasMessageContaining("no data received for 200 ms");
    } finally {
      release.countDown();
    }
  }

  @Test
  void decodesGzipBodiesWhenAskedFor() throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write("<html>page</html>".getBytes(StandardCharsets.UTF_8));
    }
    server.on("/gz", exchange -> {
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      send(exchange, 200, "text/html", compressed.toByteArray());
    });

    try (HttpTransport.Response response =
        transport.get(server.uri("/gz"), Map.of("Accept-Encoding", "gzip"))) {
      assertThat(body(response)).isEqualTo("<html>page</html>");
    }
    assertThat(server.requests("/gz").get(0).header("Accept-Encoding")).isEqualTo("gzip");
  }

  @Test
  void refusesNonHttpUrls() {
    assertThatThrownBy(() -> transport.get(URI.create("ftp://127.0.0.1/x"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an http(s) URL");
  }
}
