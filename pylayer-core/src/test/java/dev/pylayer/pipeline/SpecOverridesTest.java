package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.optimize.CodeScope;
import dev.pylayer.optimize.OptimizeLevel;
import dev.pylayer.pep.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One override value for the CLI and the Maven plugin: how it layers over pylayer.toml. */
class SpecOverridesTest {

  @TempDir Path dir;

  @Test
  void withoutFileOrOverridesTheDefaultsApplyInTheBaseDirectory() {
    LayerSpec spec = SpecOverrides.none().resolve(dir);

    assertThat(spec.name()).isEqualTo("litellm");
    assertThat(spec.outDir()).isEqualTo(dir);
    assertThat(spec.lockFile()).isEqualTo(dir.resolve("pylock.toml"));
  }

  @Test
  void readsPylayerTomlInTheBaseDirectoryAndScalarsReplaceItsValues() throws IOException {
    Files.writeString(dir.resolve("pylayer.toml"), String.join("\n",
        "[layer]", "name = \"fromfile\"", "arch = [\"arm64\"]", "optimize = \"size\"",
        "max-size-mb = 10", ""));

    LayerSpec fileOnly = SpecOverrides.none().resolve(dir);
    LayerSpec spec = SpecOverrides.builder().name("flag").arches(List.of("x86_64", "arm64"))
        .maxSizeMb(20.0).layout("dir").build().resolve(dir);

    assertThat(fileOnly.name()).isEqualTo("fromfile");
    assertThat(fileOnly.optimize()).isEqualTo(OptimizeLevel.SIZE);
    assertThat(spec.name()).isEqualTo("flag");
    assertThat(spec.arches()).containsExactly(Arch.X86_64, Arch.ARM64);
    assertThat(spec.maxZipBytes()).isEqualTo(20_000_000L);
    assertThat(spec.layout()).isEqualTo(Layout.DIR);
    assertThat(spec.optimize()).isEqualTo(OptimizeLevel.SIZE); // not overridden: the file's
  }

  @Test
  void listsAreAppendedToTheFilesAndPathsResolveAgainstTheirOwnBase() throws IOException {
    Path specDir = Files.createDirectories(dir.resolve("spec"));
    Files.writeString(specDir.resolve("layer.toml"), String.join("\n",
        "[optimize]", "rules-files = [\"file-rules.toml\"]", "disable = [\"a\"]",
        "keep = [\"x\"]", "[packages]", "requirements-file = \"reqs.txt\"", ""));

    LayerSpec spec = SpecOverrides.builder().specFile(Path.of("spec/layer.toml"))
        .addPruneRuleFiles(List.of(Path.of("flag-rules.toml")))
        .addDisabledPruneRules(List.of("b"))
        .addKeepDistributions(List.of("y"))
        .findLinks(List.of("wheels", "https://example.org/links"))
        .outDir(Path.of("out"))
        .build().resolve(dir);

    assertThat(spec.pruneRuleFiles()).containsExactly(specDir.resolve("file-rules.toml"),
        dir.resolve("flag-rules.toml"));
    assertThat(spec.disabledPruneRules()).containsExactly("a", "b");
    assertThat(spec.keepDistributions()).containsExactly("x", "y");
    assertThat(spec.requirementsFile()).contains(specDir.resolve("reqs.txt"));
    assertThat(spec.index().findLinks()).contains(
        List.of(dir.resolve("wheels").toString(), "https://example.org/links"));
    assertThat(spec.outDir()).isEqualTo(dir.resolve("out"));
  }

  @Test
  void sourcelessAndSmokeOverrides() throws IOException {
    Files.writeString(dir.resolve("pylayer.toml"),
        "[smoke]\ncode = \"import json\"\nenv = { A = \"1\" }\n");

    LayerSpec none = SpecOverrides.builder().sourceless("none").smokeEnabled(false)
        .lazyReexports(false).build().resolve(dir);
    LayerSpec stdlib = SpecOverrides.builder().sourceless("stdlib").smokeCode("import os")
        .build().resolve(dir);

    assertThat(none.sourceless()).isEmpty();
    assertThat(none.lazyReexports()).isFalse();
    assertThat(stdlib.lazyReexports()).isTrue(); // the level's (balanced) when not given
    assertThat(none.smoke().enabled()).isFalse();
    assertThat(none.smoke().code()).isEqualTo("import json");
    assertThat(stdlib.sourceless()).containsExactly(CodeScope.STDLIB);
    assertThat(stdlib.smoke().code()).isEqualTo("import os");
    assertThat(stdlib.smoke().env()).containsEntry("A", "1");
  }

  @Test
  void badValuesAndAMissingSpecFileAreNamed() {
    assertThatThrownBy(() -> SpecOverrides.builder().layout("tar").build().resolve(dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layout 'tar'");
    assertThatThrownBy(() -> SpecOverrides.builder().sourceless("tests").build().resolve(dir))
        .hasMessageContaining("scope 'tests'");
    assertThatThrownBy(() -> SpecOverrides.builder().specFile(Path.of("nope.toml")).build()
        .resolve(dir)).isInstanceOf(SpecException.class).hasMessageContaining("nope.toml");
  }

  @Test
  void supplyChainFlagsLayerOverTheFilesLimitsAndAudit() throws IOException {
    Files.writeString(dir.resolve("pylayer.toml"), String.join("\n",
        "[limits]", "unpacked-mb = 100", "[audit]", "allow-startup-code = [\"a\"]", ""));

    SupplyChainOptions fileOnly = SpecOverrides.none().resolve(dir).supplyChain();
    SupplyChainOptions flags = SpecOverrides.builder().maxUnpackedMb(5.0)
        .addAllowStartupCode(List.of("b")).strict(true).build().resolve(dir).supplyChain();

    assertThat(fileOnly.maxUnpackedBytes()).isEqualTo(100L * 1_048_576);
    assertThat(fileOnly.strict()).isFalse();
    assertThat(flags.maxUnpackedBytes()).isEqualTo(5L * 1_048_576);
    assertThat(flags.allowStartupCode()).containsExactly("a", "b");
    assertThat(flags.strict()).isTrue();
    assertThatThrownBy(() -> SpecOverrides.builder().maxUnpackedMb(0.0).build().resolve(dir))
        .isInstanceOf(SpecException.class).hasMessageContaining("unpacked-size limit");
  }
}
