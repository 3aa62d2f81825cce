package dev.pylayer.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownBadReleasesTest {

  @TempDir Path dir;

  @Test
  void theBundledListHasTheLitellmIncidentWithPep440Matching() {
    KnownBadReleases bundled = KnownBadReleases.bundled();

    assertThat(bundled.find("litellm", "1.82.7")).hasValueSatisfying(r ->
        assertThat(r.incident()).isEqualTo("BerriAI/litellm#24512"));
    assertThat(bundled.find("LiteLLM", "1.82.8.0")).isPresent();
    assertThat(bundled.find("litellm", "1.82.6")).isEmpty();
    assertThat(bundled.find("litellm-proxy", "1.82.7")).isEmpty();
  }

  @Test
  void aBadUserListIsAnErrorNamingTheFile() throws Exception {
    Path list = Files.writeString(dir.resolve("bad.toml"), "[[release]]\nname = \"x\"\n");
    assertThatThrownBy(() -> KnownBadReleases.bundledPlus(List.of(list)))
        .hasMessageContaining(list.toString())
        .hasMessageContaining("versions");
    assertThatThrownBy(() -> KnownBadReleases.bundledPlus(List.of(dir.resolve("absent.toml"))))
        .hasMessageContaining("absent.toml").hasMessageContaining("known-bad-files");
  }

  @Test
  void yankedFilesAreRefusedWithTheirReasonAndKnownBadComesFirst() {
    ReleaseScreen screen = ReleaseScreen.bundled();

    assertThat(screen.refusal("foo", "1.0", "foo-1.0-py3-none-any.whl", Optional.of("broken")))
        .hasValueSatisfying(m -> assertThat(m).contains("foo 1.0", "yanked", "reason: broken"));
    assertThat(screen.refusal("foo", "1.0", "foo-1.0-py3-none-any.whl", Optional.empty()))
        .isEmpty();
    assertThat(screen.refusal("litellm", "1.82.8", "x.whl", Optional.of("")))
        .hasValueSatisfying(m -> assertThat(m).contains("known-malicious"));
    assertThat(screen.allowingYanked().refusal("foo", "1.0", "f.whl", Optional.of("broken")))
        .isEmpty();
    assertThat(screen.allowingYanked().refusal("litellm", "1.82.8", "x.whl", Optional.empty()))
        .isPresent();
  }
}
