package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [packages] providers}: OpenAI only by default, as the seed shipped; validated. */
class SpecProvidersTest {

  @TempDir Path dir;

  @Test
  void defaultKeepsOpenAiOnly() throws IOException {
    assertThat(SpecFile.read(write("")).build().providers()).containsExactly("openai");
  }

  @Test
  void readsTheProvidersList() throws IOException {
    LayerSpec spec = SpecFile.read(write("[packages]\nproviders = [\"openai\", \"anthropic\"]\n"))
        .build();
    assertThat(spec.providers()).containsExactly("openai", "anthropic");
    assertThat(spec.toBuilder().providers(java.util.List.of("all")).build().providers())
        .containsExactly("all");
  }

  @Test
  void anEmptyListIsRefusedWithTheFix() {
    assertThatThrownBy(() -> SpecFile.read(write("[packages]\nproviders = []\n")).build())
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("must name at least one LiteLLM provider")
        .hasMessageContaining("\"all\"");
  }

  private Path write(String text) throws IOException {
    Path file = dir.resolve("pylayer.toml");
    Files.writeString(file, text);
    return file;
  }
}
