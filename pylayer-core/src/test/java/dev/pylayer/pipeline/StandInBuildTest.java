package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.testing.LayerBuildFixture;
import dev.pylayer.testing.WheelBuilder;
import dev.pylayer.verify.SmokeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end builds of a LiteLLM-shaped wheel that, like litellm/utils.py, imports a tokenizer
 * library at module level and parses its bundled Anthropic tokenizer at import, although only
 * providers the layer prunes use either: the library is replaced by pylayer's stand-in and the
 * data emptied, unless a kept provider or the user's keep-list needs the real one. The smoke code
 * runs twice, under the tracer with the real library and in the finished layer, so both must
 * work; the finished layer's output is what the report shows.
 */
class StandInBuildTest {

  private static final String DATA =
      "litellm/litellm_core_utils/tokenizers/anthropic_tokenizer.json";

  private static final String SMOKE = String.join("\n",
      "import litellm",
      "from litellm import utils",
      "print('count', utils.count('llama-3', 'a b c'))",
      "print('json', utils.claude_json_str[:20])",
      "try:",
      "    print('claude tokenizer', utils.claude_tokenizer().spec[:20])",
      "except ModuleNotFoundError as error:",
      "    print('claude tokenizer missing:', error.name,",
      "          'marked' if type(error).pylayer_not_in_layer else 'unmarked', error)",
      "");

  @TempDir static Path shared;
  static LayerBuildFixture fixture;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws IOException {
    fixture = LayerBuildFixture.create(shared);
    Path wheels = Files.createDirectories(shared.resolve("stand-in-wheels"));
    fixture.index.add(WheelBuilder.wheel("litellm", "1.81.0").requires("tokenizers")
        .file("litellm/__init__.py", "from . import utils\nfrom .llms.openai import chat\n")
        .file("litellm/utils.py", String.join("\n",
            "import json, os",
            "from tokenizers import Tokenizer",
            "_DATA = os.path.join(os.path.dirname(__file__), 'litellm_core_utils', 'tokenizers',",
            "                     'anthropic_tokenizer.json')",
            "with open(_DATA) as f:",
            "    json_data = json.load(f)",
            "claude_json_str = json.dumps(json_data)",
            "def claude_tokenizer():",
            "    return Tokenizer.from_str(claude_json_str)",
            "def count(model, text):  # LiteLLM's fallback: tiktoken when Hugging Face fails",
            "    try:",
            "        return len(Tokenizer.from_pretrained(model).encode(text))",
            "    except Exception:",
            "        return len(text.split())",
            ""))
        .file("litellm/litellm_core_utils/__init__.py", "")
        .file("litellm/litellm_core_utils/tokenizers/__init__.py", "")
        .file(DATA, "{\"model\": {\"vocab\": [" + "\"token\", ".repeat(2000) + "\"end\"]}}\n")
        .file("litellm/llms/__init__.py", "")
        .file("litellm/llms/openai/__init__.py", "")
        .file("litellm/llms/openai/chat.py", "NAME = 'openai'\n")
        .file("litellm/llms/anthropic/__init__.py", "")
        .file("litellm/llms/anthropic/chat.py", "NAME = 'anthropic'\n")
        .build(wheels));
    fixture.index.add(WheelBuilder.wheel("tokenizers", "0.20.0")
        .file("tokenizers/__init__.py", String.join("\n",
            "class Tokenizer:",
            "    def __init__(self, spec):",
            "        self.spec = spec",
            "    @classmethod",
            "    def from_str(cls, text):",
            "        return cls(text)",
            "    @classmethod",
            "    def from_pretrained(cls, name):",
            "        return cls(name)",
            "    def encode(self, text):",
            "        return [text]",
            ""))
        .file("tokenizers/vocab.bin", new byte[64 * 1024])
        .file("tokenizers-0.20.0.dist-info/LICENSE", "Apache-2.0 licence text\n")
        .build(wheels));
  }

  @AfterAll
  static void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private LayerReport build(LayerSpec.Builder spec) throws IOException {
    return new LayerBuilder(fixture.context(dir, new BuildListener() {})).build(spec.build())
        .get(0);
  }

  private LayerSpec.Builder spec() throws IOException {
    return fixture.spec(dir.resolve("out"),
            fixture.requirements(dir, "litellm==1.81.0", "tokenizers==0.20.0"))
        .smoke(SmokeSpec.of(true, SMOKE, Map.of()));
  }

  private Path layer() {
    return dir.resolve("out/layer-build-x86_64/layer/python");
  }

  @Test
  void aLibraryOnlyPrunedProvidersUseIsReplacedByAStandInThatSaysHowToKeepIt()
      throws Exception {
    LayerReport report = build(spec());

    LayerReport.Providers providers = report.trace().providers();
    assertThat(providers.kept()).containsExactly("openai");
    assertThat(providers.standIns()).singleElement().satisfies(standIn -> {
      assertThat(standIn.distribution()).isEqualTo("tokenizers");
      assertThat(standIn.version()).isEqualTo("0.20.0");
      assertThat(standIn.providers()).contains("anthropic");
      assertThat(standIn.modules()).containsExactly("tokenizers");
      assertThat(standIn.bytes()).isGreaterThan(64 * 1024);
    });
    Path site = layer().resolve("lib/python3.11/site-packages");
    assertThat(site.resolve("tokenizers-0.20.0.dist-info")).doesNotExist();
    assertThat(site.resolve("tokenizers/vocab.bin")).doesNotExist();
    assertThat(site.resolve("tokenizers/__init__.pyc")).isRegularFile();
    assertThat(layer().resolve("licenses/tokenizers-0.20.0")).doesNotExist();
    assertThat(report.packages()).extracting(LayerReport.Package::name)
        .containsExactly("litellm");

    // The data file only the replaced library reads is emptied, and RECORD says so.
    assertThat(site.resolve(DATA)).hasContent("{}");
    assertThat(Files.readString(site.resolve("litellm-1.81.0.dist-info/RECORD")))
        .contains(DATA + ",sha256=" + recordHash("{}") + ",2");

    // The finished layer: LiteLLM imports, its fallback works, a use names the fix.
    assertThat(report.smoke().ok()).isTrue();
    assertThat(report.smoke().output()).contains("count 3").contains("json {}")
        // marked: pylayer-runtime's worker reports it as a bad request, not as a bug
        .contains("claude tokenizer missing: tokenizers marked tokenizers.Tokenizer.from_str:"
            + " tokenizers is not in this layer")
        .contains("only the LiteLLM providers anthropic, cohere, huggingface, replicate use it")
        .contains("[packages] providers").contains("--keep tokenizers");
  }

  @Test
  void theKeepListOrAKeptProviderThatUsesItKeepsTheRealLibrary() throws Exception {
    LayerReport kept = build(spec().keepDistributions(List.of("Tokenizers")));
    assertThat(kept.trace().providers().standIns()).isEmpty();
    assertThat(kept.smoke().output()).contains("count 1")
        .contains("claude tokenizer {\"model\": {\"vocab");
    assertThat(kept.packages()).extracting(LayerReport.Package::name)
        .containsExactly("litellm", "tokenizers");

    LayerReport anthropic = build(spec().providers(List.of("openai", "anthropic")));
    assertThat(anthropic.trace().providers().kept()).containsExactly("anthropic", "openai");
    assertThat(anthropic.trace().providers().standIns()).isEmpty();
    assertThat(anthropic.smoke().output()).contains("claude tokenizer {\"model\"");
  }

  private static String recordHash(String content) throws NoSuchAlgorithmException {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest
        .getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
  }
}
