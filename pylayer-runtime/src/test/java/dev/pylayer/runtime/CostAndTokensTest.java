package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cost and token figures from the client equal what the same LiteLLM (fixture, or real with {@code
 * -Dpylayer.litellm.wheels}) answers when asked directly in a separate interpreter.
 */
class CostAndTokensTest {
  private static FakeOpenAiServer server;
  private static LiteLlmClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new FakeOpenAiServer();
    client = LiteLlmClient.create(LiteLlmSetup.options(false).build());
    client.start();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  /** What LiteLLM itself prints for {@code expression}, run with {@code litellm} and {@code json} imported. */
  private static String askLiteLlm(String expression) {
    PythonRuntime python = PythonRuntime.of(LiteLlmSetup.hostPython().executable(), Map.of(
        "PYTHONPATH", LiteLlmSetup.litellmDir().toString(), "LITELLM_LOCAL_MODEL_COST_MAP", "True", "LITELLM_MODE", "PRODUCTION"));
    ExecResult result = PythonExec.create(python).run("import json, litellm\nprint(json.dumps(" + expression + "))\n",
        Duration.ofSeconds(120));
    assertThat(result.succeeded()).as("python said: %s", result.stderr()).isTrue();
    String[] lines = result.stdout().strip().split("\n");
    return lines[lines.length - 1];
  }

  private static String pyString(String text) {
    return Json.write(text);
  }

  private static final List<ChatMessage> MESSAGES = List.of(
      ChatMessage.system("You answer in one word."),
      ChatMessage.user("What is the capital of France, please?"));

  @Test
  void costOfAResponseIsLiteLlms() {
    ChatResponse response = client.completion(ChatRequest.builder("openai/gpt-4o-mini").message(ChatMessage.user("cost me"))
        .extra("api_base", server.apiBase()).extra("api_key", "sk-test-cost-0000").extra("max_retries", 0).build());

    double cost = client.cost(response);

    assertThat(cost).isPositive();
    double direct = Double.parseDouble(askLiteLlm("litellm.completion_cost(completion_response=json.loads("
        + pyString(response.rawJson()) + "))"));
    assertThat(cost).isEqualTo(direct);
  }

  @Test
  void estimateOfARequestIsLiteLlms() {
    ChatRequest request = ChatRequest.builder("gpt-4o-mini").messages(MESSAGES).build();

    double estimate = client.estimateCost(request, "Paris.");

    assertThat(estimate).isPositive();
    String messagesJson = Json.write(List.of(Map.of("role", "system", "content", "You answer in one word."),
        Map.of("role", "user", "content", "What is the capital of France, please?")));
    double direct = Double.parseDouble(askLiteLlm("litellm.completion_cost(model=\"gpt-4o-mini\", messages=json.loads("
        + pyString(messagesJson) + "), completion=\"Paris.\")"));
    assertThat(estimate).isEqualTo(direct);
    assertThat(client.estimateCost(request, "")).isLessThan(estimate);
  }

  @Test
  void tokenCountsAreLiteLlms() {
    int forMessages = client.countTokens("gpt-4o-mini", MESSAGES);
    int forText = client.countTokens("gpt-4o-mini", "The quick brown fox jumps over the lazy dog.");

    String messagesJson = Json.write(List.of(Map.of("role", "system", "content", "You answer in one word."),
        Map.of("role", "user", "content", "What is the capital of France, please?")));
    assertThat(forMessages).isEqualTo(Integer.parseInt(askLiteLlm(
        "litellm.token_counter(model=\"gpt-4o-mini\", messages=json.loads(" + pyString(messagesJson) + "))")));
    assertThat(forText).isEqualTo(Integer.parseInt(askLiteLlm(
        "litellm.token_counter(model=\"gpt-4o-mini\", text=\"The quick brown fox jumps over the lazy dog.\")")));
    assertThat(forMessages).isGreaterThan(client.countTokens("gpt-4o-mini", "What is the capital of France, please?"));
  }

  @Test
  void aModelWithoutAPriceSaysSo() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.estimateCost(
        ChatRequest.builder("openai/no-such-model-xyz").message(ChatMessage.user("hi")).build(), ""))
        .isInstanceOf(LiteLlmException.class)
        .hasMessageContaining("no-such-model-xyz");
  }
}
