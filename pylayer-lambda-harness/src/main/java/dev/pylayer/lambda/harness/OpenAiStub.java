package dev.pylayer.lambda.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat completions endpoint on 127.0.0.1 ({@code POST /v1/chat/completions},
 * also streamed with {@code "stream": true}), for functions under test and benchmarks: point the
 * function at {@link #baseUrl()} (LiteLLM reads {@code OPENAI_API_BASE}). It answers {@code "echo: "}
 * plus the last message's text, unless that text starts with a directive:
 *
 * <ul>
 *   <li>{@code !status-<code>}: an OpenAI-style error with that HTTP status (429: rate limit, 401:
 *       invalid API key, quoting the key it was sent as OpenAI's 401 does);
 *   <li>{@code !slow-<ms>}: sleeps that long first (the answer then echoes the rest of the text).
 * </ul>
 *
 * Every request is recorded with its headers and body ({@link #requests()}).
 */
public final class OpenAiStub implements AutoCloseable {
  private static final Pattern DIRECTIVE = Pattern.compile("^!(status|slow)-(\\d+)\\s*(.*)$", Pattern.DOTALL);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the stub saw it: headers with lower-case names, the body as sent. */
  public record Request(String path, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "openai-stub");
    t.setDaemon(true);
    return t;
  });
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

  private OpenAiStub() throws IOException {
    server = LoopbackHttpServer.create(64);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::chat);
    server.start();
  }

  /** Starts the stub on a free port. */
  public static OpenAiStub start() throws IOException {
    return new OpenAiStub();
  }

  /** {@code http://127.0.0.1:<port>/v1}: the API base URL. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Every request so far, oldest first. */
  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  private void chat(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      requests.add(new Request(exchange.getRequestURI().getPath(), headers, body));
      JsonNode request;
      try {
        request = JSON.readTree(body);
      } catch (IOException e) {
        error(exchange, 400, "invalid JSON body: " + e.getMessage(), "invalid_request_error");
        return;
      }
      String model = request.path("model").asText("");
      JsonNode messages = request.path("messages");
      String text = messages.size() == 0 ? "" : contentText(messages.get(messages.size() - 1).path("content"));
      Matcher directive = DIRECTIVE.matcher(text);
      if (directive.matches()) {
        int value = Integer.parseInt(directive.group(2));
        if (directive.group(1).equals("status")) {
          String key = headers.getOrDefault("authorization", "none").replaceFirst("(?i)^bearer ", "");
          error(exchange, value, value == 401 ? "Incorrect API key provided: " + key + "." : "stub status " + value,
              value == 429 ? "rate_limit_exceeded" : value == 401 ? "invalid_api_key" : "stub_error");
          return;
        }
        sleep(value);
        text = directive.group(3);
      }
      String answer = "echo: " + text;
      if (request.path("stream").asBoolean(false)) {
        stream(exchange, model, answer);
      } else {
        send(exchange, 200, completion(model, answer).toString());
      }
    }
  }

  private static String contentText(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if ("text".equals(part.path("type").asText())) {
        text.append(part.path("text").asText());
      }
    }
    return text.toString();
  }

  private static ObjectNode completion(String model, String answer) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-stub").put("object", "chat.completion").put("created", 1_700_000_000L).put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", answer);
    int words = answer.split("\\s+").length;
    root.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", words).put("total_tokens", 10 + words);
    return root;
  }

  private static void stream(HttpExchange exchange, String model, String answer) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      String[] words = answer.split(" ");
      for (int i = 0; i < words.length; i++) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", "chatcmpl-stub").put("object", "chat.completion.chunk").put("created", 1_700_000_000L).put("model", model);
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.putObject("delta").put("content", (i == 0 ? "" : " ") + words[i]);
        if (i == words.length - 1) {
          choice.put("finish_reason", "stop");
        } else {
          choice.putNull("finish_reason");
        }
        out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void error(HttpExchange exchange, int status, String message, String code) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("error").put("message", message).put("type", code).putNull("param").put("code", code);
    send(exchange, status, root.toString());
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
