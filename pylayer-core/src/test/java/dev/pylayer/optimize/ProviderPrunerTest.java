package dev.pylayer.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.testing.HostPython;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProviderPruner} on a small LiteLLM-shaped package written by the test, traced by the real
 * host interpreter under pylayer's own audit-hook tracer, and imported again after pruning.
 */
class ProviderPrunerTest {

  private static final String RULES = String.join("\n",
      "[[litellm]]",
      "versions = \">=1.81,<1.82\"",
      "providers-dir = \"litellm/llms\"",
      "shared = [\"__init__.py\", \"base_llm\"]",
      "[litellm.names]",
      "\"huggingface_llms_metadata\" = \"huggingface\"",
      "[litellm.aliases]",
      "\"text-completion-openai\" = \"openai\"",
      "[litellm.requires]",
      "\"azure\" = [\"openai\"]",
      "[litellm.parts]",
      "\"proxy\" = [\"litellm/proxy\"]",
      "[litellm.data]",
      "\"litellm/tokenizers/p50k\" = [\"openai\"]",
      "\"litellm/tokenizers/retired\" = []",
      "");

  /** What the fake LiteLLM holds: each provider's files, lazy imports where the real one has them. */
  private static final Map<String, String> FILES = new LinkedHashMap<>();

  static {
    // import litellm loads one module of anthropic and the proxy's types, as the real one does
    FILES.put("litellm/__init__.py", "from .llms.openai import chat as _openai_chat\n"
        + "from .llms.anthropic import common as _anthropic_common\n"
        + "from .proxy import _types\nfrom . import main\n");
    FILES.put("litellm/main.py", "import importlib\n"
        + "def completion(provider):\n"
        + "    return importlib.import_module('litellm.llms.' + provider + '.chat').NAME\n"
        + "def anthropic_only():\n"
        + "    from .llms.anthropic.chat import NAME\n"
        + "    return NAME\n");
    FILES.put("litellm/llms/__init__.py", "");
    FILES.put("litellm/llms/base_llm/__init__.py",
        "def helper():\n    from litellm.llms.bedrock.shared import X\n    return X\n");
    FILES.put("litellm/llms/openai/__init__.py", "");
    FILES.put("litellm/llms/openai/chat.py", "NAME = 'openai'\n"
        + "def stream():\n    from ..azure.common import X\n    return X\n");
    FILES.put("litellm/llms/azure/__init__.py", "");
    FILES.put("litellm/llms/azure/common.py", "X = 'azure common'\n");
    FILES.put("litellm/llms/azure/chat.py", "NAME = 'azure'\n");
    FILES.put("litellm/llms/anthropic/__init__.py", "");
    FILES.put("litellm/llms/anthropic/common.py", "X = 1\n");
    FILES.put("litellm/llms/anthropic/chat.py", "NAME = 'anthropic'\n");
    FILES.put("litellm/llms/anthropic/prices.json", "{}\n");
    FILES.put("litellm/llms/bedrock/__init__.py", "");
    FILES.put("litellm/llms/bedrock/shared.py", "X = 'bedrock shared'\n");
    FILES.put("litellm/llms/bedrock/chat.py", "NAME = 'bedrock'\n");
    FILES.put("litellm/llms/huggingface_llms_metadata/models.txt", "a\nb\n");
    FILES.put("litellm/proxy/__init__.py", "");
    FILES.put("litellm/proxy/_types.py", "T = 1\n");
    FILES.put("litellm/proxy/proxy_server.py", "import fastapi\n");
    FILES.put("litellm/tokenizers/p50k", "p50k data\n");
    FILES.put("litellm/tokenizers/retired", "retired data\n");
  }

  @TempDir Path temp;
  private Path site;
  private ProviderPruner pruner;

  @BeforeEach
  void writeFakeLiteLlm() throws IOException {
    site = temp.resolve("site-packages").toAbsolutePath();
    StringBuilder record = new StringBuilder();
    for (Map.Entry<String, String> file : FILES.entrySet()) {
      Path path = site.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
      record.append(file.getKey()).append(",,\n");
    }
    Path distInfo = Files.createDirectories(site.resolve("litellm-1.81.0.dist-info"));
    Files.writeString(distInfo.resolve("RECORD"), record);
    pruner = new ProviderPruner(
        ProviderRules.parse(RULES, "test rules").forVersion("1.81.0").orElseThrow());
  }

  @Test
  void keepsOpenAiAndWhatImportOrKeptCodeUsesAndDropsTheRest() throws Exception {
    Set<Path> used = trace("import litellm\nassert litellm.main.completion('openai') == 'openai'");
    Path manifest = temp.resolve("pylayer-providers.json");

    ProviderPruner.Result result = pruner.prune(site, List.of("openai"), used, manifest);

    assertThat(result.kept()).containsExactly("openai");
    assertThat(result.pruned()).containsExactly("anthropic", "azure", "bedrock", "huggingface",
        "proxy");
    assertThat(remaining()).containsExactlyInAnyOrder(
        "litellm/__init__.py", "litellm/main.py", "litellm/llms/__init__.py",
        "litellm/llms/base_llm/__init__.py", "litellm/llms/openai/__init__.py",
        "litellm/llms/openai/chat.py",
        "litellm/llms/azure/__init__.py", "litellm/llms/azure/common.py",  // openai imports it
        "litellm/llms/anthropic/__init__.py", "litellm/llms/anthropic/common.py",  // traced
        "litellm/llms/bedrock/__init__.py", "litellm/llms/bedrock/shared.py",  // shared code's
        "litellm/proxy/__init__.py", "litellm/proxy/_types.py",  // traced
        "litellm/tokenizers/p50k",  // read by openai, which is kept
        "litellm-1.81.0.dist-info/RECORD");
    assertThat(result.dropped()).extracting(ProviderPruner.Item::name).contains("anthropic",
        "azure", "bedrock", "huggingface", "proxy", "data: retired");
    assertThat(result.keptFiles()).isEqualTo(8);
    assertThat(Files.readString(site.resolve("litellm-1.81.0.dist-info/RECORD")))
        .contains("litellm/llms/openai/chat.py").doesNotContain("anthropic/chat.py")
        .doesNotContain("proxy_server.py");

    JsonNode written = new ObjectMapper().readTree(manifest.toFile());
    assertThat(written.path("pruned").toString()).contains("anthropic").doesNotContain("openai");
    assertThat(written.path("modules").path("litellm.llms.anthropic").asText())
        .isEqualTo("anthropic");
    assertThat(written.path("modules").path("litellm.proxy").asText()).isEqualTo("proxy");
    assertThat(written.path("aliases").path("text-completion-openai").asText())
        .isEqualTo("openai");
    assertThat(written.path("fix").asText()).contains("[packages] providers");

    HostPython.Result after = run("import litellm\n"
        + "assert litellm.main.completion('openai') == 'openai'\n"
        + "from litellm.llms.openai.chat import stream\nassert stream() == 'azure common'\n"
        + "from litellm.llms.base_llm import helper\nassert helper() == 'bedrock shared'\n"
        + "try:\n    litellm.main.anthropic_only()\n"
        + "except ModuleNotFoundError as e:\n    print('missing', e.name)\n");
    assertThat(after.exitCode).as(after.stderr).isZero();
    assertThat(after.stdout).contains("missing litellm.llms.anthropic.chat");
  }

  @Test
  void aKeptProviderBringsWhatItRequiresAndAliasesNameProviders() throws Exception {
    ProviderPruner.Result result = pruner.prune(site, List.of("azure"), Set.of(),
        temp.resolve("m.json"));
    assertThat(result.kept()).containsExactly("azure", "openai");
    assertThat(site.resolve("litellm/llms/azure/chat.py")).exists();
    assertThat(site.resolve("litellm/llms/anthropic/chat.py")).doesNotExist();

    writeFakeLiteLlm();
    result = pruner.prune(site, List.of("text-completion-openai"), Set.of(),
        temp.resolve("m2.json"));
    assertThat(result.kept()).containsExactly("openai");
  }

  @Test
  void allKeepsEverythingAndWritesNoManifest() throws Exception {
    Path manifest = temp.resolve("none.json");
    ProviderPruner.Result result = pruner.prune(site, List.of("all"), Set.of(), manifest);
    assertThat(result.pruned()).isEmpty();
    assertThat(remaining()).hasSize(FILES.size() + 1);
    assertThat(manifest).doesNotExist();
  }

  @Test
  void anUnknownProviderIsRefusedWithTheKnownOnes() throws IOException {
    assertThatThrownBy(() -> pruner.prune(site, List.of("antropic"), Set.of(),
        temp.resolve("m.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown LiteLLM provider 'antropic'")
        .hasMessageContaining("anthropic, azure, bedrock, huggingface, openai, proxy");
    assertThat(remaining()).hasSize(FILES.size() + 1);
  }

  /** Runs {@code code} with the host python under pylayer's tracer; the files it used. */
  private Set<Path> trace(String code) throws IOException {
    assumeTrue(HostPython.find().isPresent(), "needs the host's python3 to trace imports");
    Path out = temp.resolve("trace.json");
    String script;
    try (InputStream in = ImportTracer.class.getResourceAsStream("trace_imports.py")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    HostPython.Result result = HostPython.run(temp, Map.of("PYTHONPATH", site.toString(),
        "PYLAYER_TRACE_OUT", out.toString(), "PYLAYER_TRACE_CODE", code),
        "-S", "-s", "-B", "-c", script);
    assertThat(result.exitCode).as(result.stderr).isZero();
    Set<Path> files = new HashSet<>();
    new ObjectMapper().readTree(out.toFile()).path("files")
        .forEach(f -> files.add(Path.of(f.asText()).normalize()));
    return files;
  }

  private HostPython.Result run(String code) {
    return HostPython.run(temp, Map.of("PYTHONPATH", site.toString()), "-S", "-s", "-B", "-c",
        code);
  }

  private List<String> remaining() throws IOException {
    try (Stream<Path> walk = Files.walk(site)) {
      return walk.filter(Files::isRegularFile).map(p -> site.relativize(p).toString()).toList();
    }
  }
}
