package dev.pylayer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.runtime.ChatMessage;
import dev.pylayer.runtime.ChatRequest;
import dev.pylayer.runtime.ChatResponse;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;

/**
 * One measurement in a fresh JVM: the first use of a JSON codec, as a Lambda cold start pays it.
 * Parses a chat completion response and writes a request, then prints {@code <mode> <micros> <classes>}:
 * the time of that first use and the number of classes loaded by then. Run by {@link JsonColdStartBench}.
 */
public final class JsonColdStart {
  static final String RESPONSE = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"created\":1700000000,"
      + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"Paris is the capital of France.\",\"tool_calls\":null},\"finish_reason\":\"stop\",\"logprobs\":null}],"
      + "\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":8,\"total_tokens\":32},\"system_fingerprint\":\"fp_1\"}";
  static final Map<String, Object> REQUEST = Map.of("model", "openai/gpt-4o-mini", "temperature", 0.2,
      "messages", java.util.List.of(Map.of("role", "user", "content", "Capital of France?")));

  private JsonColdStart() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    long start = System.nanoTime();
    int size;
    if (mode.equals("jackson")) {
      ObjectMapper mapper = new ObjectMapper();
      Map<?, ?> parsed = mapper.readValue(RESPONSE, Map.class);
      size = parsed.size() + mapper.writeValueAsString(REQUEST).length();
    } else if (mode.equals("pylayer")) {
      // The runtime's codec is internal: reached the way a function reaches it, through the typed
      // request (written to JSON when built) and response (parsed) classes.
      ChatResponse parsed = ChatResponse.parse(RESPONSE);
      ChatRequest request = ChatRequest.builder("openai/gpt-4o-mini").temperature(0.2)
          .message(ChatMessage.user("Capital of France?")).build();
      size = parsed.choices().size() + request.params().size();
    } else if (mode.equals("none")) {
      size = RESPONSE.length();
    } else {
      throw new IllegalArgumentException("mode must be jackson, pylayer or none: " + mode);
    }
    long micros = (System.nanoTime() - start) / 1_000;
    int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
    System.out.printf(Locale.ROOT, "%s %d %d %d%n", mode, micros, classes, size);
  }
}
