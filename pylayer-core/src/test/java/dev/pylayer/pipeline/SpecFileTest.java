package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.pep.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFileTest {

  @TempDir Path dir;

  @Test
  void emptyFileGivesTheSeedsDefaults() throws IOException {
    LayerSpec spec = SpecFile.read(write("")).build();

    assertThat(spec.name()).isEqualTo("litellm");
    assertThat(spec.pythonVersion()).isEqualTo("3.11");
    assertThat(spec.arches()).containsExactly(Arch.ARM64);
    assertThat(spec.lambdaRuntime()).isEqualTo("java21");
    assertThat(spec.targets().get(0).glibc().minor()).isEqualTo(34);
    assertThat(spec.requirements()).containsExactly("litellm==1.45.0");
    assertThat(spec.constraints()).contains("httpx==0.27.2", "h11==0.14.0").hasSize(9);
    assertThat(spec.maxZipBytes()).isEqualTo(30_000_000L);
    assertThat(spec.layout()).isEqualTo(Layout.ZIP); // the seed's layout, by the balanced level
    assertThat(spec.smoke().enabled()).isTrue();
    assertThat(spec.smoke().env()).containsEntry("LITELLM_LOCAL_MODEL_COST_MAP", "True");
    assertThat(spec.outDir(Arch.ARM64)).isEqualTo(dir.resolve("layer-build-arm64"));
    assertThat(spec.zipName(Arch.ARM64)).isEqualTo("python-litellm-arm64.zip");
    assertThat(spec.lockFile()).isEqualTo(dir.resolve("pylock.toml"));
  }

  @Test
  void readsEveryKeyWithPathsRelativeToTheFile() throws IOException {
    String toml = String.join("\n",
        "[layer]",
        "name = \"openai\"",
        "python = \"3.12\"",
        "arch = [\"x86_64\", \"arm64\"]",
        "runtime = \"java17\"",
        "layout = \"zip\"",
        "max-size-mb = 12.5",
        "out = \"dist\"",
        "[packages]",
        "requirements = [\"openai>=1.40\"]",
        "constraints = []",
        "requirements-file = \"reqs/pinned.txt\"",
        "lock-file = \"locks/pylock.toml\"",
        "[index]",
        "url = \"https://example.org/simple\"",
        "extra-urls = [\"https://extra.example.org/simple\"]",
        "find-links = [\"wheels\"]",
        "no-index = false",
        "[interpreter]",
        "archive = \"cpython.tar.gz\"",
        "sha256 = \"" + "AB".repeat(32) + "\"",
        "[smoke]",
        "enabled = false",
        "code = \"import openai\"",
        "env = { FOO = \"bar\" }",
        "");
    LayerSpec spec = SpecFile.read(write(toml)).build();

    assertThat(spec.name()).isEqualTo("openai");
    assertThat(spec.arches()).containsExactly(Arch.X86_64, Arch.ARM64);
    assertThat(spec.targets().get(0).glibc().minor()).isEqualTo(26);
    assertThat(spec.layout()).isEqualTo(Layout.ZIP);
    assertThat(spec.maxZipBytes()).isEqualTo(12_500_000L);
    assertThat(spec.outDir()).isEqualTo(dir.resolve("dist"));
    assertThat(spec.requirements()).containsExactly("openai>=1.40");
    assertThat(spec.constraints()).isEmpty();
    assertThat(spec.requirementsFile()).contains(dir.resolve("reqs/pinned.txt"));
    assertThat(spec.lockFile()).isEqualTo(dir.resolve("locks/pylock.toml"));
    assertThat(spec.index().indexUrl()).contains("https://example.org/simple");
    assertThat(spec.index().extraIndexUrls()).contains(List.of("https://extra.example.org/simple"));
    assertThat(spec.index().findLinks()).contains(List.of(dir.resolve("wheels").toString()));
    assertThat(spec.index().noIndex()).contains(false);
    assertThat(spec.pythonArchive()).contains(dir.resolve("cpython.tar.gz").toString());
    assertThat(spec.pythonSha256()).contains("ab".repeat(32));
    assertThat(spec.smoke().enabled()).isFalse();
    assertThat(spec.smoke().code()).isEqualTo("import openai");
    assertThat(spec.smoke().env()).isEqualTo(Map.of("FOO", "bar"));
  }

  @Test
  void limitsTableSetsTheUnpackedSizeLimit() throws IOException {
    assertThat(SpecFile.read(write("")).build().supplyChain().maxUnpackedBytes())
        .isEqualTo(262_144_000L);
    assertThat(SpecFile.read(write("[limits]\nunpacked-mb = 400\n")).build().supplyChain()
        .maxUnpackedBytes()).isEqualTo(400L * 1_048_576);
    Path bad = write("[limits]\nunpacked-mb = \"lots\"\n");
    assertThatThrownBy(() -> SpecFile.read(bad))
        .hasMessageContaining("limits.unpacked-mb must be a positive number of MiB");
  }

  @Test
  void auditTableAllowsStartupCodeAddsKnownBadListsAndSetsStrict() throws IOException {
    Path file = write("[audit]\nallow-startup-code = [\"Some_Dist\"]\n"
        + "known-bad-files = [\"bad.toml\"]\nstrict = true\n");
    SupplyChainOptions options = SpecFile.read(file).build().supplyChain();

    assertThat(options.allowStartupCode()).containsExactly("Some_Dist");
    assertThat(options.startupCodePolicy().allowed()).containsExactly("some-dist");
    assertThat(options.knownBadFiles()).containsExactly(file.getParent().resolve("bad.toml"));
    assertThat(options.strict()).isTrue();
    assertThatThrownBy(() -> SpecFile.read(write("[audit]\nallow-startup-code = \"x\"\n")))
        .hasMessageContaining("audit.allow-startup-code must be a list of strings");
  }

  @Test
  void unknownKeysAreErrorsThatListTheValidOnes() throws IOException {
    Path file = write("[layer]\narchitecture = \"arm64\"\n");
    assertThatThrownBy(() -> SpecFile.read(file))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("unknown key 'layer.architecture'")
        .hasMessageContaining("arch");

    Path table = write("[packagez]\n");
    assertThatThrownBy(() -> SpecFile.read(table))
        .hasMessageContaining("unknown table or key 'packagez'");
  }

  @Test
  void wrongTypesAndValuesNameTheKey() throws IOException {
    assertThatThrownBy(() -> SpecFile.read(write("[layer]\nmax-size-mb = \"30\"\n")))
        .hasMessageContaining("layer.max-size-mb must be a number");
    assertThatThrownBy(() -> SpecFile.read(write("[layer]\narch = [\"sparc\"]\n")))
        .hasMessageContaining("layer.arch")
        .hasMessageContaining("sparc");
    assertThatThrownBy(() -> SpecFile.read(write("[layer]\nlayout = \"tar\"\n")))
        .hasMessageContaining("layout 'tar' is not known");
    assertThatThrownBy(() -> SpecFile.read(write("[smoke]\nenabled = \"yes\"\n")))
        .hasMessageContaining("smoke.enabled must be true or false");
    assertThatThrownBy(() -> SpecFile.read(write("[layer\n")))
        .hasMessageContaining("is not valid TOML");
  }

  @Test
  void invalidValuesAreCaughtWhenTheSpecIsBuilt() throws IOException {
    assertThatThrownBy(() -> SpecFile.read(write("[packages]\nrequirements = [\"foo=1.0\"]\n"))
            .build())
        .hasMessageContaining("requirement 'foo=1.0' is not valid");
    assertThatThrownBy(() -> SpecFile.read(write("[layer]\nruntime = \"java99\"\n")).build())
        .hasMessageContaining("java99");
    assertThatThrownBy(() -> SpecFile.read(write("[interpreter]\narchive = \"x.tar.gz\"\n"))
            .build())
        .hasMessageContaining("has no sha256");
    assertThatThrownBy(() -> SpecFile.read(write("[layer]\nname = \"my layer\"\n")).build())
        .hasMessageContaining("name 'my layer' cannot be part of a file name");
  }

  @Test
  void missingFileSaysHowToProceed() {
    assertThatThrownBy(() -> SpecFile.read(dir.resolve("nope.toml")))
        .hasMessageContaining("nope.toml does not exist")
        .hasMessageContaining("leave --spec out");
  }

  @Test
  void readsTheOptimizeLevelRulesKeepListAndSourcelessScopes() throws IOException {
    LayerSpec spec = SpecFile.read(write(String.join("\n",
        "[layer]",
        "optimize = \"size\"",
        "[optimize]",
        "rules-files = [\"rules/mine.toml\"]",
        "disable = [\"package-docs-examples\"]",
        "keep = [\"huggingface-hub\"]",
        "sourceless = [\"stdlib\"]",
        "lazy-reexports = false",
        ""))).build();

    assertThat(spec.optimize()).isEqualTo(dev.pylayer.optimize.OptimizeLevel.SIZE);
    assertThat(spec.pruneRuleFiles()).containsExactly(dir.resolve("rules/mine.toml"));
    assertThat(spec.disabledPruneRules()).containsExactly("package-docs-examples");
    assertThat(spec.keepDistributions()).containsExactly("huggingface-hub");
    assertThat(spec.sourceless()).containsExactly(dev.pylayer.optimize.CodeScope.STDLIB);
    assertThat(spec.lazyReexports()).isFalse();
  }

  @Test
  void theOptimizeLevelDefaultsToBalancedAndSetsSourcelessScopes() throws IOException {
    LayerSpec balanced = SpecFile.read(write("")).build();
    LayerSpec none = SpecFile.read(write("[layer]\noptimize = \"none\"\n")).build();

    assertThat(balanced.optimize()).isEqualTo(dev.pylayer.optimize.OptimizeLevel.BALANCED);
    assertThat(balanced.sourceless()).containsExactlyInAnyOrder(
        dev.pylayer.optimize.CodeScope.STDLIB, dev.pylayer.optimize.CodeScope.PACKAGES);
    assertThat(none.sourceless()).isEmpty();
    assertThat(balanced.lazyReexports()).isTrue();
    assertThat(none.lazyReexports()).isFalse();
    assertThat(balanced.layout()).isEqualTo(Layout.ZIP);
    assertThat(none.layout()).isEqualTo(Layout.DIR);
    assertThat(SpecFile.read(write("[layer]\noptimize = \"size\"\n")).build().layout())
        .isEqualTo(Layout.ZIP);
    assertThat(SpecFile.read(write("[layer]\noptimize = \"size\"\nlayout = \"dir\"\n"))
        .build().layout()).isEqualTo(Layout.DIR);
    assertThatThrownBy(() -> SpecFile.read(write("[layer]\noptimize = \"tiny\"\n")))
        .hasMessageContaining("layer.optimize").hasMessageContaining("none, balanced, size");
    assertThatThrownBy(() -> SpecFile.read(write("[optimize]\nsourceless = [\"tests\"]\n")))
        .hasMessageContaining("optimize.sourceless").hasMessageContaining("stdlib, packages");
    assertThatThrownBy(() -> SpecFile.read(write("[optimize]\nlazy-reexports = \"yes\"\n")))
        .hasMessageContaining("optimize.lazy-reexports").hasMessageContaining("true or false");
  }

  private Path write(String text) throws IOException {
    Path file = Files.createTempFile(dir, "spec", ".toml");
    Files.writeString(file, text);
    return file;
  }
}
