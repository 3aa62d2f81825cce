package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets passed every way a client sees them (environment, per-request api_key, a credentials object
 * as JSON text and as members, secret headers, a key in a URL) through every way text leaves the
 * client (error messages, the stderr listener, the crash report, the log), with a careless library
 * that prints them with print(), logging and raw writes to fd 2. None may come out.
 */
class SecretRedactionTest {
  private static final String ENV_KEY = "envkey-Abc123Def456Ghi";
  private static final String REQUEST_KEY = "reqkey-Zyx987Wvu654";
  private static final String KEY_ID = "pkid-0123456789abcdef";
  private static final String KEY_LINE_1 = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";
  private static final String KEY_LINE_2 = "BKcwggSjAgEAAoIBAQC7qwertyuiop";
  private static final String VERTEX_CREDENTIALS = "{\"type\": \"service_account\", \"project_id\": \"demo-project\", \"private_key_id\": \""
      + KEY_ID + "\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + KEY_LINE_1 + "\\n" + KEY_LINE_2
      + "\\n-----END PRIVATE KEY-----\\n\", \"client_email\": \"bot@demo-project.iam.gserviceaccount.com\"}";
  private static final String AWS_SECRET = "awsSecret/AbCdEf1234567890";
  private static final String AWS_TOKEN = "sessTok-998877665544";
  private static final String HEADER_KEY = "hdrKey-1122334455";
  private static final String BEARER = "bearerTok-6677889900";
  private static final String URL_KEY = "urlKey-55443322";
  private static final List<String> SECRETS =
      List.of(ENV_KEY, REQUEST_KEY, KEY_ID, KEY_LINE_1, KEY_LINE_2, AWS_SECRET, AWS_TOKEN, HEADER_KEY, BEARER, URL_KEY);

  private static FakeOpenAiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new FakeOpenAiServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static ChatRequest.Builder withEverySecret(String model) {
    return ChatRequest.builder("openai/" + model)
        .message(ChatMessage.user("tell no one"))
        .extra("api_base", server.apiBase())
        .extra("api_key", REQUEST_KEY)
        .extra("vertex_credentials", VERTEX_CREDENTIALS)
        .extra("aws_secret_access_key", AWS_SECRET)
        .extra("aws_session_token", AWS_TOKEN)
        .extra("extra_headers", Map.of("x-goog-api-key", HEADER_KEY, "Authorization", "Bearer " + BEARER))
        .extra("max_retries", 0);
  }

  @Test
  void noSecretLeavesThroughErrorsStderrCrashReportsOrTheLog() {
    ConcurrentLinkedQueue<String> stderr = new ConcurrentLinkedQueue<>();
    List<String> log = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new ArrayList<>();
    try (WorkerFaultTest.LogCapture capture = new WorkerFaultTest.LogCapture(log);
        LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(true)
            .environment("OPENAI_API_KEY", ENV_KEY)
            .stderrListener(stderr::add)
            .defaultTimeout(Duration.ofSeconds(30))
            .build())) {
      client.start();
      // 1. The provider quotes the key it was given (OpenAI's 401 does): per-request, then from the environment.
      errors.add(catchThrowable(() -> client.completion(withEverySecret("leak-key").build())));
      errors.add(catchThrowable(() -> client.completion(ChatRequest.builder("openai/leak-key").message(ChatMessage.user("env"))
          .extra("api_base", server.apiBase()).extra("max_retries", 0).build())));
      // 2. A library prints every parameter and raises an error quoting them; the URL carries a key.
      errors.add(catchThrowable(() -> client.completion(withEverySecret("echo")
          .extra("api_base", server.apiBase() + "?key=" + URL_KEY)
          .extra("__pylayer_test__", Map.of("leak", "raise")).build())));
      // 3. The same, and the worker dies: the crash report carries its stderr tail.
      errors.add(catchThrowable(() -> client.completion(withEverySecret("echo")
          .extra("__pylayer_test__", Map.of("leak", "print", "exit", 9)).build())));
      // 4. Streams and embeddings carry secrets too.
      errors.add(catchThrowable(() -> {
        try (CompletionStream stream = client.stream(withEverySecret("leak-key").build())) {
          stream.forEach(chunk -> { });
        }
      }));
      errors.add(catchThrowable(() -> client.embedding(EmbeddingRequest.builder("openai/leak-key").input("x")
          .extra("api_base", server.apiBase()).extra("api_key", REQUEST_KEY).build())));
      WorkerFaultTest.drainStderr(client, stderr); // all the calls above printed has arrived
    }

    assertThat(errors).allSatisfy(e -> assertThat(e).isInstanceOf(LiteLlmException.class));
    List<String> everything = new ArrayList<>(stderr);
    everything.addAll(log);
    for (Throwable e : errors) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      everything.add(trace.toString());
      if (e instanceof WorkerCrashedException) {
        everything.add(((WorkerCrashedException) e).stderrTail());
      }
    }
    everything.add(withEverySecret("echo").build().toString());
    String all = String.join("\n", everything);

    // The careless library did print, and the crash was reported and logged: the test saw the paths.
    assertThat(all).contains("careless library sees").contains("(raw fd 2)").contains("raw value").contains("exit code 9")
        .contains("Incorrect API key provided").contains("[REDACTED]");
    assertThat(String.join("\n", log)).contains("exit code 9").contains("careless library sees");
    for (String secret : SECRETS) {
      assertThat(all).as("secret %s", secret).doesNotContain(secret);
    }
  }
}
