package dev.pylayer.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.install.InstallScheme;
import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.install.WheelInstaller;
import dev.pylayer.testing.WheelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@link DistributionStandIns} replaces a distribution and when it leaves it alone, on wheels
 * installed by pylayer's own installer. What the stand-in does in a running interpreter is
 * StandInBuildTest's.
 */
class DistributionStandInsTest {

  /** Spelled as a rules file may spell it: the installed "tokenizers" must still match. */
  private static final Map<String, ProviderRules.StandIn> RULES = Map.of("Tokenizers",
      new ProviderRules.StandIn(List.of("anthropic"), Map.of("data/tok.json", "{}")));

  @TempDir Path temp;

  private List<InstalledDistribution> install(WheelBuilder... wheels) throws Exception {
    Path site = Files.createDirectories(temp.resolve("site-packages"));
    WheelInstaller installer = WheelInstaller.create(InstallScheme.sitePackagesOnly(site));
    List<InstalledDistribution> installed = new java.util.ArrayList<>();
    for (WheelBuilder wheel : wheels) {
      installed.add(installer.install(wheel.build(Files.createDirectories(temp.resolve("w")))));
    }
    Files.createDirectories(site.resolve("data"));
    Files.writeString(site.resolve("data/tok.json"), "{\"vocab\": [1, 2, 3]}");
    return installed;
  }

  private static WheelBuilder tokenizers() {
    return WheelBuilder.wheel("tokenizers", "0.20.0").file("tokenizers/__init__.py", "X = 1\n");
  }

  @Test
  void replacesWhenNoKeptProviderUsesIt() throws Exception {
    List<InstalledDistribution> installed = install(tokenizers());
    Path site = temp.resolve("site-packages");

    List<DistributionStandIns.Replaced> replaced = new DistributionStandIns(RULES, List.of())
        .apply(site, temp.resolve("licenses"), installed, Set.of("openai"));

    assertThat(replaced).singleElement().satisfies(r -> {
      assertThat(r.modules()).containsExactly("tokenizers");
      assertThat(r.providers()).containsExactly("anthropic");
    });
    assertThat(site.resolve("tokenizers-0.20.0.dist-info")).doesNotExist();
    assertThat(site.resolve("tokenizers/__init__.py")).content()
        .contains("class NotInLayerError(ModuleNotFoundError)")
        .contains("\"tokenizers is not in this layer: pylayer left it out because only the"
            + " LiteLLM providers anthropic use it");
    assertThat(site.resolve("data/tok.json")).hasContent("{}");
  }

  @Test
  void leavesItWhenAProviderNeedsItTheUserKeepsItOrANamespaceIsShared() throws Exception {
    Path site = temp.resolve("site-packages");
    List<InstalledDistribution> installed = install(tokenizers());
    assertThat(new DistributionStandIns(RULES, List.of()).apply(site, temp.resolve("l"),
        installed, Set.of("openai", "anthropic"))).isEmpty();
    assertThat(new DistributionStandIns(RULES, List.of("Tokenizers")).apply(site,
        temp.resolve("l"), installed, Set.of("openai"))).isEmpty();
    assertThat(site.resolve("tokenizers-0.20.0.dist-info")).isDirectory();
    assertThat(site.resolve("data/tok.json")).content().contains("vocab");

    // Another distribution puts modules under the same top-level name: a stand-in package there
    // would hide them, so the real distribution stays.
    installed = new java.util.ArrayList<>(installed);
    installed.add(WheelInstaller.create(InstallScheme.sitePackagesOnly(site)).install(
        WheelBuilder.wheel("tokenizers-extras", "1.0").file("tokenizers/extras.py", "Y = 2\n")
            .build(temp.resolve("w"))));
    assertThat(new DistributionStandIns(RULES, List.of()).apply(site, temp.resolve("l"),
        installed, Set.of("openai"))).isEmpty();
    assertThat(site.resolve("tokenizers/extras.py")).exists();
    assertThat(site.resolve("tokenizers/__init__.py")).hasContent("X = 1\n");
  }
}
