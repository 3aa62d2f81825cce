package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer built with {@code [packages] providers} carries {@code python/pylayer-providers.json};
 * the worker refuses calls to the providers it lists as pruned with a message naming the
 * provider and the spec key, and serves the kept ones as before.
 */
class PrunedProviderTest {

  @TempDir Path temp;

  @Test
  void aCallToAPrunedProviderNamesItAndTheSpecKey() throws Exception {
    assumeFalse(LiteLlmSetup.real(), "runs against the test fixture's LiteLLM, not a real one");
    // A python home like a layer's: the host's standard library, and the manifest pylayer writes.
    PythonRuntime host = LiteLlmSetup.hostPython();
    String minor = new String(new ProcessBuilder(host.executable().toString(), "-c",
        "import sys, sysconfig; print('%d.%d' % sys.version_info[:2]); print(sysconfig.get_paths()['stdlib'])")
        .start().getInputStream().readAllBytes()).strip();
    String[] lines = minor.split("\n");
    Path home = temp.resolve("python");
    Files.createDirectories(home.resolve("lib"));
    Files.createSymbolicLink(home.resolve("lib/python" + lines[0]), Path.of(lines[1].strip()));
    Files.writeString(home.resolve("pylayer-providers.json"), "{\"kept\": [\"openai\"],"
        + " \"pruned\": [\"anthropic\", \"proxy\"], \"aliases\": {},"
        + " \"modules\": {\"litellm.llms.anthropic\": \"anthropic\"},"
        + " \"fix\": \"add it to [packages] providers in pylayer.toml and rebuild the layer\"}");
    PythonRuntime runtime = PythonRuntime.of(host.executable(), Map.of("PYTHONHOME",
        home.toString(), "PYTHONPATH", LiteLlmSetup.litellmDir().toString()));
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(false).runtime(runtime)
        .build())) {
      client.start();
      assertThatThrownBy(() -> client.completion(ChatRequest.builder("anthropic/claude-3-haiku")
          .message(ChatMessage.user("hi")).extra("mock_response", "no").build()))
          .isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.getMessage()).contains("'anthropic' is not in this layer")
                .contains("the layer keeps openai").contains("[packages] providers");
            assertThat(e.retryable()).isFalse();
          });
      ChatResponse kept = client.completion(ChatRequest.builder("openai/gpt-4o-mini")
          .message(ChatMessage.user("hi")).extra("mock_response", "pong").build());
      assertThat(kept.content()).isEqualTo("pong");
    }
  }

  @Test
  void aUseOfALibraryPylayerReplacedByAStandInIsABadRequestNamingTheFix() throws Exception {
    assumeFalse(LiteLlmSetup.real(), "runs against the test fixture's LiteLLM, not a real one");
    // What pylayer build puts in place of Hugging Face's tokenizers when no kept provider uses
    // it raises an error whose class carries the worker's "not in this layer" marker.
    Path standIn = Files.createDirectories(temp.resolve("stand-in/tokenizers"));
    Files.writeString(standIn.resolve("__init__.py"), String.join("\n",
        "class NotInLayerError(ModuleNotFoundError):",
        "    pylayer_not_in_layer = True",
        "class Tokenizer:",
        "    @staticmethod",
        "    def from_str(text):",
        "        raise NotInLayerError('tokenizers is not in this layer: keep it with"
            + " --keep tokenizers', name='tokenizers')",
        ""));
    PythonRuntime runtime = PythonRuntime.of(LiteLlmSetup.hostPython().executable(),
        Map.of("PYTHONPATH", LiteLlmSetup.litellmDir() + ":" + standIn.getParent()));
    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmSetup.options(false).runtime(runtime)
        .build())) {
      assertThatThrownBy(() -> client.countTokens("claude-2.1", "hello there"))
          .isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.getMessage()).contains("tokenizers is not in this layer")
                .contains("--keep tokenizers");
            assertThat(e.retryable()).isFalse();
          });
      assertThat(client.countTokens("gpt-4o-mini", "hello there")).isEqualTo(2);
    }
  }
}
