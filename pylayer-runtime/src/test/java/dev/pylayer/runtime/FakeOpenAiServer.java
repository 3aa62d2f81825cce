package dev.pylayer.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible HTTP server on 127.0.0.1 for the tests. The model name chooses the behaviour:
 *
 * <ul>
 *   <li>{@code echo}: answers "echo: " + the last message's content (streamed word by word when
 *       {@code stream} is true);
 *   <li>{@code slow-<ms>}: like echo after sleeping; {@code slowstream-<ms>}: sleeps between chunks;
 *   <li>{@code tools}: answers with a tool call to {@code get_weather} (streamed as tool-call deltas when
 *       {@code stream} is true), or like echo once the last message is the tool's result;
 *   <li>{@code status-<code>}: answers with that HTTP status and an OpenAI error body;
 *   <li>{@code context}: a 400 "maximum context length" error;
 *   <li>{@code leak-key}: a 401 whose message quotes the caller's API key, as OpenAI's does (also for embeddings).
 * </ul>
 *
 * A request with a {@code json_schema} response format is answered with a JSON object made from the
 * schema (see {@link #sampleOf}). {@code /v1/embeddings} answers {@code [length of input, index, 0.5]} per input, as floats or base64.
 * Every request is recorded with its headers and body. Public for the framework adapters' tests
 * (pylayer-runtime's test-jar).
 */
public final class FakeOpenAiServer implements AutoCloseable {
  /** One request as the server saw it. */
  public static final class Recorded {
    public final String path;
    public final Map<String, String> headers;
    public final Map<String, Object> body;

    Recorded(String path, Map<String, String> headers, Map<String, Object> body) {
      this.path = path;
      this.headers = headers;
      this.body = body;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-openai");
    t.setDaemon(true);
    return t;
  });
  private final ConcurrentLinkedQueue<Recorded> requests = new ConcurrentLinkedQueue<>();

  public FakeOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/embeddings", this::embeddings);
    server.start();
  }

  /** The base URL to pass as {@code api_base}. */
  public String apiBase() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public List<Recorded> requests() {
    return new ArrayList<>(requests);
  }

  /** The last recorded request whose messages mention {@code marker}. */
  public Recorded requestMentioning(String marker) {
    Recorded found = null;
    for (Recorded r : requests) {
      if (Json.write(r.body).contains(marker)) {
        found = r;
      }
    }
    if (found == null) {
      throw new AssertionError("no request mentioned " + marker);
    }
    return found;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private Map<String, Object> record(HttpExchange exchange) throws IOException {
    Map<String, Object> body = Json.parseObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
    requests.add(new Recorded(exchange.getRequestURI().getPath(), headers, body));
    return body;
  }

  private void chat(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, Object> body = record(exchange);
      String model = String.valueOf(body.get("model"));
      boolean stream = Boolean.TRUE.equals(body.get("stream"));
      if (model.startsWith("status-")) {
        int status = Integer.parseInt(model.substring("status-".length()));
        sendError(exchange, status, "simulated status " + status, status == 429 ? "rate_limit_exceeded" : "server_error");
        return;
      }
      if (model.equals("context")) {
        sendError(exchange, 400, "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens."
            + " Please reduce the length of the messages.", "context_length_exceeded");
        return;
      }
      if (model.equals("leak-key")) {
        leakKey(exchange);
        return;
      }
      if (model.startsWith("slow-")) {
        sleep(Long.parseLong(model.substring("slow-".length())));
      }
      boolean toolCall = model.equals("tools") && !"tool".equals(lastRole(body));
      String content = jsonSchemaOf(body) != null ? Json.write(sampleOf(jsonSchemaOf(body))) : "echo: " + lastContent(body);
      if (stream && toolCall) {
        streamToolCall(exchange, model);
        return;
      }
      if (stream) {
        long gap = model.startsWith("slowstream-") ? Long.parseLong(model.substring("slowstream-".length())) : 0;
        streamChat(exchange, model, content, gap);
        return;
      }
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("role", "assistant");
      String finish = "stop";
      if (toolCall) {
        message.put("content", null);
        message.put("tool_calls", List.of(Map.of("id", "call_1", "type", "function",
            "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Paris\"}"))));
        finish = "tool_calls";
      } else {
        message.put("content", content);
      }
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("id", "chatcmpl-test");
      response.put("object", "chat.completion");
      response.put("created", 1700000000);
      response.put("model", model);
      response.put("choices", List.of(Map.of("index", 0, "message", message, "finish_reason", finish)));
      response.put("usage", Map.of("prompt_tokens", 7, "completion_tokens", 3, "total_tokens", 10));
      sendJson(exchange, 200, response);
    }
  }

  private void streamChat(HttpExchange exchange, String model, String content, long gap) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    List<Map<String, Object>> deltas = new ArrayList<>();
    deltas.add(Map.of("role", "assistant", "content", ""));
    String[] words = content.split(" ");
    for (int i = 0; i < words.length; i++) {
      deltas.add(Map.of("content", (i == 0 ? "" : " ") + words[i]));
    }
    try {
      for (Map<String, Object> delta : deltas) {
        writeEvent(out, chunk(model, delta, null));
        sleep(gap);
      }
      writeEvent(out, chunk(model, Map.of(), "stop"));
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      // The client went away (cancelled stream): fine.
    }
  }

  private void streamToolCall(HttpExchange exchange, String model) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    // As OpenAI streams a call: id and name first, then the arguments in pieces.
    Map<String, Object> first = Map.of("role", "assistant", "tool_calls", List.of(Map.of("index", 0, "id", "call_1",
        "type", "function", "function", Map.of("name", "get_weather", "arguments", ""))));
    writeEvent(out, chunk(model, first, null));
    for (String piece : new String[] {"{\"city\":", "\"Paris\"}"}) {
      writeEvent(out, chunk(model, Map.of("tool_calls", List.of(Map.of("index", 0, "function", Map.of("arguments", piece)))), null));
    }
    writeEvent(out, chunk(model, Map.of(), "tool_calls"));
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The schema of a {@code json_schema} response format, or null. */
  private static Map<?, ?> jsonSchemaOf(Map<String, Object> body) {
    if (body.get("response_format") instanceof Map && "json_schema".equals(((Map<?, ?>) body.get("response_format")).get("type"))) {
      Object spec = ((Map<?, ?>) body.get("response_format")).get("json_schema");
      if (spec instanceof Map && ((Map<?, ?>) spec).get("schema") instanceof Map) {
        return (Map<?, ?>) ((Map<?, ?>) spec).get("schema");
      }
    }
    return null;
  }

  /**
   * A value that fits {@code schema}: an object's properties filled in turn, "sample &lt;name&gt;" for
   * strings, 42 for integers, 1.5 for numbers, true for booleans, the first enum value, one-element
   * arrays.
   */
  public static Object sampleOf(Map<?, ?> schema) {
    return sampleOf(schema, "value");
  }

  private static Object sampleOf(Map<?, ?> schema, String name) {
    if (schema.get("enum") instanceof List && !((List<?>) schema.get("enum")).isEmpty()) {
      return ((List<?>) schema.get("enum")).get(0);
    }
    Object type = schema.get("type");
    if (type instanceof List) {
      type = ((List<?>) type).get(0);
    }
    if ("object".equals(type) || schema.get("properties") instanceof Map) {
      Map<String, Object> object = new LinkedHashMap<>();
      if (schema.get("properties") instanceof Map) {
        ((Map<?, ?>) schema.get("properties")).forEach((key, inner) ->
            object.put(String.valueOf(key), inner instanceof Map ? sampleOf((Map<?, ?>) inner, String.valueOf(key)) : null));
      }
      return object;
    }
    if ("array".equals(type)) {
      return List.of(schema.get("items") instanceof Map ? sampleOf((Map<?, ?>) schema.get("items"), name) : "sample " + name);
    }
    if ("integer".equals(type)) {
      return 42;
    }
    if ("number".equals(type)) {
      return 1.5;
    }
    if ("boolean".equals(type)) {
      return true;
    }
    return "sample " + name;
  }

  private static Map<String, Object> chunk(String model, Map<String, Object> delta, String finish) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("finish_reason", finish);
    Map<String, Object> chunk = new LinkedHashMap<>();
    chunk.put("id", "chatcmpl-stream");
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", 1700000000);
    chunk.put("model", model);
    chunk.put("choices", List.of(choice));
    return chunk;
  }

  private static void writeEvent(OutputStream out, Map<String, Object> event) throws IOException {
    out.write(("data: " + Json.write(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void leakKey(HttpExchange exchange) throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String key = auth == null ? "none" : auth.replaceFirst("(?i)^bearer ", "");
    sendError(exchange, 401, "Incorrect API key provided: " + key + ". You can find your API key at the dashboard.", "invalid_api_key");
  }

  private void embeddings(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, Object> body = record(exchange);
      if ("leak-key".equals(body.get("model"))) {
        leakKey(exchange);
        return;
      }
      Object rawInput = body.get("input");
      List<?> inputs = rawInput instanceof List ? (List<?>) rawInput : List.of(String.valueOf(rawInput));
      boolean base64 = "base64".equals(body.get("encoding_format"));
      List<Object> data = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        float[] vector = {String.valueOf(inputs.get(i)).length(), i, 0.5f};
        Object embedding;
        if (base64) {
          ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
          for (float v : vector) {
            bytes.putFloat(v);
          }
          embedding = Base64.getEncoder().encodeToString(bytes.array());
        } else {
          embedding = List.of((double) vector[0], (double) vector[1], (double) vector[2]);
        }
        data.add(Map.of("object", "embedding", "index", i, "embedding", embedding));
      }
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("object", "list");
      response.put("data", data);
      response.put("model", body.get("model"));
      response.put("usage", Map.of("prompt_tokens", inputs.size(), "total_tokens", inputs.size()));
      sendJson(exchange, 200, response);
    }
  }

  private static String lastRole(Map<String, Object> body) {
    Object messages = body.get("messages");
    if (messages instanceof List && !((List<?>) messages).isEmpty()) {
      Object last = ((List<?>) messages).get(((List<?>) messages).size() - 1);
      if (last instanceof Map) {
        return String.valueOf(((Map<?, ?>) last).get("role"));
      }
    }
    return "";
  }

  private static String lastContent(Map<String, Object> body) {
    Object messages = body.get("messages");
    if (messages instanceof List && !((List<?>) messages).isEmpty()) {
      Object last = ((List<?>) messages).get(((List<?>) messages).size() - 1);
      if (last instanceof Map) {
        return String.valueOf(((Map<?, ?>) last).get("content"));
      }
    }
    return "";
  }

  private static void sendError(HttpExchange exchange, int status, String message, String code) throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    // OpenAI's error types; LiteLLM maps some by this text, e.g. "invalid_request_error" to a bad request.
    error.put("type", status == 429 ? "requests" : status == 401 && !message.startsWith("Incorrect API key")
        ? "authentication_error" : status >= 500 ? "server_error" : "invalid_request_error");
    error.put("param", null);
    error.put("code", code);
    sendJson(exchange, status, Map.of("error", error));
  }

  private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
