package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.interpreter.PbsCatalog;
import dev.pylayer.pep.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint behind the Maven plugin's up-to-date check moves with every input. */
class BuildInputsTest {

  @TempDir Path dir;

  private String fingerprint(String toml) throws IOException {
    Files.writeString(dir.resolve("pylayer.toml"), toml);
    return BuildInputs.fingerprint(SpecOverrides.none().resolve(dir), Arch.ARM64,
        PbsCatalog.bundled());
  }

  @Test
  void sameInputsSameFingerprintAnyChangeAnother() throws IOException {
    String base = fingerprint("[layer]\nname = \"a\"\n");

    assertThat(fingerprint("[layer]\nname = \"a\"\n")).isEqualTo(base);
    assertThat(fingerprint("[layer]\nname = \"b\"\n")).isNotEqualTo(base);
    assertThat(fingerprint("[layer]\nname = \"a\"\noptimize = \"size\"\n")).isNotEqualTo(base);
    assertThat(fingerprint("[layer]\nname = \"a\"\npython = \"3.12\"\n")).isNotEqualTo(base);
    assertThat(fingerprint("[layer]\nname = \"a\"\n[smoke]\ncode = \"import os\"\n"))
        .isNotEqualTo(base);

    Files.writeString(dir.resolve("pylock.toml"), "lock-version = \"1.0\"\n");
    String locked = fingerprint("[layer]\nname = \"a\"\n");
    assertThat(locked).isNotEqualTo(base);
    Files.writeString(dir.resolve("pylock.toml"), "lock-version = \"1.0\"\n# changed\n");
    assertThat(fingerprint("[layer]\nname = \"a\"\n")).isNotEqualTo(locked);
  }

  @Test
  void theArchitectureAndItsCatalogEntryCount() throws IOException {
    LayerSpec spec = SpecOverrides.none().resolve(dir);
    PbsCatalog catalog = PbsCatalog.bundled();

    assertThat(BuildInputs.fingerprint(spec, Arch.ARM64, catalog))
        .isNotEqualTo(BuildInputs.fingerprint(spec, Arch.X86_64, catalog))
        .matches("[0-9a-f]{64}");
  }
}
