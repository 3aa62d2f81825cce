package dev.pylayer.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneRulesTest {

  @TempDir Path dir;

  @Test
  void pylayersOwnRulesCoverTheIssuesCategoriesAtTheirLevels() {
    PruneRules rules = PruneRules.defaults();

    assertThat(rules.rulesFor(OptimizeLevel.BALANCED)).extracting(PruneRule::name)
        .contains("package-tests", "type-stubs", "c-sources", "build-leftovers",
            "litellm-proxy-ui", "litellm-bundled-tests")
        .doesNotContain("litellm-huggingface-model-list");
    assertThat(rules.rulesFor(OptimizeLevel.SIZE)).extracting(PruneRule::name)
        .contains("litellm-huggingface-model-list");
    assertThat(rules.rulesFor(OptimizeLevel.NONE)).isEmpty();
    assertThat(rules.keep()).contains("certifi");
  }

  @Test
  void rulesMatchPathsRelativeToSitePackagesAndSpareExceptions() {
    PruneRules rules = PruneRules.parse(String.join("\n",
        "[[rule]]",
        "name = \"data\"",
        "reason = \"big data\"",
        "level = \"size\"",
        "paths = [\"pkg/data/**\", \"**.pyi\"]",
        "except = [\"pkg/data/keep.json\"]"), "test.toml");
    PruneRule rule = rules.rules().get(0);

    assertThat(rule.level()).isEqualTo(OptimizeLevel.SIZE);
    assertThat(rule.matches(Path.of("pkg/data/big.bin"))).isTrue();
    assertThat(rule.matches(Path.of("pkg/data/keep.json"))).isFalse();
    assertThat(rule.matches(Path.of("x.pyi"))).isTrue();
    assertThat(rule.matches(Path.of("a/b/c.pyi"))).isTrue();
    assertThat(rule.matches(Path.of("pkg/mod.py"))).isFalse();
  }

  @Test
  void aUserRuleReplacesOneOfTheSameNameAndRulesCanBeSwitchedOff() throws IOException {
    Path file = dir.resolve("mine.toml");
    Files.writeString(file, String.join("\n",
        "[[rule]]",
        "name = \"type-stubs\"",
        "reason = \"only top-level stubs\"",
        "paths = [\"*.pyi\"]",
        "[trace]",
        "keep = [\"mydist\"]"));

    PruneRules rules = PruneRules.defaults().plus(PruneRules.read(file));

    assertThat(rules.rules()).filteredOn(r -> r.name().equals("type-stubs"))
        .extracting(PruneRule::paths).containsExactly(List.of("*.pyi"));
    assertThat(rules.keep()).contains("certifi", "mydist");
    assertThat(rules.without(List.of("type-stubs")).rules()).extracting(PruneRule::name)
        .doesNotContain("type-stubs").contains("package-tests");
    assertThat(rules.without(List.of("all")).rules()).isEmpty();
  }

  @Test
  void mistakesNameTheFileTheRuleAndTheFix() {
    assertThatThrownBy(() -> PruneRules.parse("[[rule]]\nname = \"x\"\npaths = [\"a\"]\n"
        + "level = \"tiny\"\n", "r.toml"))
        .hasMessageContaining("r.toml").hasMessageContaining("tiny")
        .hasMessageContaining("none, balanced, size");
    assertThatThrownBy(() -> PruneRules.parse("[[rule]]\nname = \"x\"\npath = [\"a\"]\n",
        "r.toml"))
        .hasMessageContaining("unknown key 'path'");
    assertThatThrownBy(() -> PruneRules.parse("[[rule]]\nname = \"x\"\npaths = [\"../etc\"]\n",
        "r.toml"))
        .hasMessageContaining("relative to site-packages");
    assertThatThrownBy(() -> PruneRules.parse("[[rule]]\nname = \"x\"\nlevel = \"none\"\n"
        + "paths = [\"a\"]\n", "r.toml"))
        .hasMessageContaining("balanced or size");
    assertThatThrownBy(() -> PruneRules.defaults().without(List.of("nope")))
        .hasMessageContaining("'nope'").hasMessageContaining("package-tests");
  }
}
