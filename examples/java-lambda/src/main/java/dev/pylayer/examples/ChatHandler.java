package dev.pylayer.examples;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.pylayer.runtime.AuthenticationException;
import dev.pylayer.runtime.BadRequestException;
import dev.pylayer.runtime.ChatMessage;
import dev.pylayer.runtime.ChatRequest;
import dev.pylayer.runtime.ChatResponse;
import dev.pylayer.runtime.Json;
import dev.pylayer.runtime.LiteLlmClient;
import dev.pylayer.runtime.LiteLlmException;
import dev.pylayer.runtime.LiteLlmTimeoutException;
import dev.pylayer.runtime.RateLimitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers {@code {"prompt": "..."}} with LiteLLM running in the pylayer layer at /opt/python.
 *
 * <p>The client is a static field started in the static initializer, so the Python worker starts and
 * imports LiteLLM during the function's init phase, not on the first request. It starts in the
 * background: the import runs while the JVM goes on with its own init (the Lambda runtime's
 * serializers, the rest of this class), and the first request waits only for what is left of it.
 * With provisioned concurrency, call {@code LLM.start()} instead, which waits: Lambda may freeze an
 * initialized environment until its first request. Invocations then reuse the same worker.
 *
 * <p>With SnapStart (template.yaml) init runs once per published version and the snapshot holds the
 * started worker. org.crac is on the class path (pom.xml), so the client registers its own hooks:
 * before the snapshot it makes the warm-up call below (no network: a mock response) and closes
 * LiteLLM's HTTP connections; after each restore it reseeds the worker's random generators.
 *
 * <p>It is a {@code RequestStreamHandler} and reads and writes JSON with pylayer-runtime's {@link
 * Json}: a {@code RequestHandler<Map, Map>} makes the Lambda runtime initialize its POJO serializer
 * (a shaded Jackson), about 700 ms of CPU on one core that a 1 GB function (0.6 vCPU) takes from the
 * worker's import (bench/README-layer.md).
 */
public final class ChatHandler implements RequestStreamHandler {

  private static final String MODEL = System.getenv().getOrDefault("MODEL", "openai/gpt-4o-mini");
  private static final LiteLlmClient LLM = LiteLlmClient.create(LiteLlmClient.Options.builder()
      .maxInFlight(16)
      .warmUp(ChatRequest.builder(MODEL).message(ChatMessage.user("warm-up")).extra("mock_response", "ok").build())
      .build());

  static {
    LLM.startInBackground().thenAccept(worker -> System.out.printf(
        "pylayer worker ready: Python %s, LiteLLM %s, import %d ms, start %d ms%n",
        worker.pythonVersion(), worker.litellmVersion(), worker.importTime().toMillis(), worker.startTime().toMillis()));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Map<String, Object> event;
    try {
      event = Json.parseObject(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) { // its message names the offset and the problem
      write(output, Map.of("statusCode", 400, "error", "BadEvent",
          "message", "expected an event like {\"prompt\": \"...\"}: " + e.getMessage()));
      return;
    }
    String prompt = String.valueOf(event.getOrDefault("prompt", "Say hello in five words."));
    write(output, answer(prompt, context));
  }

  private static void write(OutputStream output, Map<String, Object> result) throws IOException {
    output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> answer(String prompt, Context context) {
    // Leave the function a second to answer before Lambda's own timeout.
    Duration budget = Duration.ofMillis(Math.max(1_000, context.getRemainingTimeInMillis() - 1_000));
    Map<String, Object> result = new LinkedHashMap<>();
    try {
      ChatResponse response = LLM.completion(ChatRequest.builder(MODEL)
          .message(ChatMessage.system("You are concise."))
          .message(ChatMessage.user(prompt))
          .maxTokens(256)
          .timeout(budget)
          .extra("num_retries", 2)
          .build());
      result.put("statusCode", 200);
      result.put("answer", response.content());
      result.put("model", response.model());
      if (response.usage() != null) {
        result.put("totalTokens", response.usage().totalTokens());
      }
    } catch (LiteLlmException e) {
      result.put("statusCode", statusFor(e));
      result.put("error", e.type());
      result.put("message", e.getMessage()); // already redacted: no API keys
      result.put("retryable", e.retryable());
    }
    return result;
  }

  private static int statusFor(LiteLlmException e) {
    return switch (e) {
      case RateLimitException r -> 429;
      case LiteLlmTimeoutException t -> 504;
      case BadRequestException b -> 400;
      case AuthenticationException a -> 502; // our credentials, not the caller's
      default -> e.statusCode().orElse(500);
    };
  }
}
