package dev.pylayer.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pylayer's {@code litellm-providers.toml}: the version ranges it covers, and (with {@code
 * -Dpylayer.litellm.wheels=DIR} holding real LiteLLM wheels) that its entries match the files of
 * litellm 1.45.0 and 1.81.9 and prune them as the seed did, OpenAI kept.
 */
class ProviderRulesTest {

  @TempDir Path temp;

  @Test
  void defaultsCoverTheTwoCheckedVersionsOnly() {
    ProviderRules rules = ProviderRules.defaults();
    assertThat(rules.forVersion("1.45.0")).isPresent();
    assertThat(rules.forVersion("1.81.9")).isPresent();
    assertThat(rules.forVersion("1.60.0")).isEmpty();
    assertThat(rules.forVersion("1.82.0")).isEmpty();
    assertThat(rules.forVersion("not a version")).isEmpty();
    ProviderRules.ForVersions v145 = rules.forVersion("1.45.0").get();
    assertThat(v145.providerOfEntry("OpenAI")).contains("openai");
    assertThat(v145.providerOfEntry("anthropic")).contains("anthropic");
    assertThat(v145.providerOfEntry("ollama.py")).contains("ollama");
    assertThat(v145.providerOfEntry("custom_httpx")).isEmpty();
    assertThat(v145.canonical("text-completion-openai")).isEqualTo("openai");
    assertThat(v145.standIns().get("tokenizers").providers()).contains("anthropic");
    assertThat(v145.standIns().get("tokenizers").data())
        .containsEntry("litellm/llms/tokenizers/anthropic_tokenizer.json", "{}");
  }

  @Test
  void badRulesAreRefusedWithWhereAndWhat() {
    assertThatThrownBy(() -> ProviderRules.parse("[[litellm]]\nversions = \">=1\"\n", "r.toml"))
        .hasMessageContaining("r.toml").hasMessageContaining("'providers-dir' is missing");
    assertThatThrownBy(() -> ProviderRules.parse(
        "[[litellm]]\nversions = \">=1\"\nproviders-dir = \"x\"\nshard = []\n", "r.toml"))
        .hasMessageContaining("unknown key 'shard'");
    assertThatThrownBy(() -> ProviderRules.parse(
        "[[litellm]]\nversions = \"one\"\nproviders-dir = \"x\"\n", "r.toml"))
        .hasMessageContaining("not a PEP 440 specifier set");
    String range = "[[litellm]]\nversions = \">=1\"\nproviders-dir = \"x\"\n";
    assertThatThrownBy(() -> ProviderRules.parse(range
        + "[litellm.stand-ins.tokenizers]\nproviders = []\n", "r.toml"))
        .hasMessageContaining("stand-ins.tokenizers: 'providers' must name the providers");
    assertThatThrownBy(() -> ProviderRules.parse(range
        + "[litellm.stand-ins.tokenizers]\nproviders = [\"a\"]\nfiles = {}\n", "r.toml"))
        .hasMessageContaining("stand-ins.tokenizers: unknown key 'files'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.45.0", "1.81.9"})
  void rulesMatchTheRealWheelAndKeepOpenAi(String version) throws IOException {
    Path site = unpackRealWheel(version);
    ProviderRules.ForVersions rules = ProviderRules.defaults().forVersion(version).orElseThrow();
    Path dir = site.resolve(rules.providersDir());
    Set<String> entries = new TreeSet<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(p -> entries.add(p.getFileName().toString()));
    }
    // Stale rules would name entries this LiteLLM lacks.
    assertThat(entries).containsAll(rules.shared()).containsAll(rules.names().keySet());
    rules.data().keySet().forEach(d -> assertThat(site.resolve(d)).exists());
    rules.parts().values().forEach(paths -> paths.forEach(p -> assertThat(site.resolve(p)).exists()));
    rules.standIns().values().forEach(standIn -> {
      standIn.data().keySet().forEach(d -> assertThat(site.resolve(d)).isRegularFile());
      standIn.providers().forEach(p -> assertThat(entries.stream()
          .map(e -> rules.providerOfEntry(e).orElse(""))).as(p).contains(p));
    });

    ProviderPruner pruner = new ProviderPruner(rules);
    Set<String> known = pruner.known(site);
    assertThat(known).contains("openai", "azure", "anthropic", "bedrock", "vertex_ai", "proxy");
    assertThat(known.size()).isGreaterThan(version.equals("1.45.0") ? 30 : 100);

    long openAiFiles = count(dir.resolve(version.equals("1.45.0") ? "OpenAI" : "openai"));
    ProviderPruner.Result result = pruner.prune(site, List.of("openai"), Set.of(),
        temp.resolve("manifest.json"));
    assertThat(result.kept()).containsExactly("openai");
    assertThat(result.pruned()).contains("anthropic", "proxy").doesNotContain("openai");
    assertThat(count(dir.resolve(version.equals("1.45.0") ? "OpenAI" : "openai")))
        .isEqualTo(openAiFiles);
    rules.shared().forEach(s -> assertThat(dir.resolve(s)).exists());
    assertThat(result.bytes()).isGreaterThan(1_000_000);
  }

  private Path unpackRealWheel(String version) throws IOException {
    String wheels = System.getProperty("pylayer.litellm.wheels");
    assumeTrue(wheels != null && !wheels.isBlank(), "needs real LiteLLM wheels: run with"
        + " -Dpylayer.litellm.wheels=DIR holding litellm-" + version + "-py3-none-any.whl");
    Path wheel = Path.of(wheels, "litellm-" + version + "-py3-none-any.whl");
    assumeTrue(Files.isRegularFile(wheel), "no " + wheel + " in -Dpylayer.litellm.wheels");
    Path site = temp.resolve("site-" + version);
    try (ZipFile zip = new ZipFile(wheel.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        Path target = site.resolve(entry.getName()).normalize();
        if (entry.isDirectory() || !target.startsWith(site)) {
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return site;
  }

  private static long count(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).count();
    }
  }
}
