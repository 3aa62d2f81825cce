package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.testing.Bombs;
import dev.pylayer.testing.LayerBuildFixture;
import dev.pylayer.testing.WheelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supply-chain checks as a build meets them: unpack limits from the spec. */
class SupplyChainBuildTest {

  @TempDir static Path shared;
  static LayerBuildFixture fixture;

  @TempDir Path dir;
  final List<String> warnings = new ArrayList<>();
  final BuildListener listener = new BuildListener() {
    @Override
    public void warn(String message) {
      warnings.add(message);
    }
  };

  @BeforeAll
  static void startIndex() throws IOException {
    fixture = LayerBuildFixture.create(shared);
    fixture.index.add(Bombs.zipBombWheel(shared.resolve("bombs"), 3_200_000_000L));
    Path wheels = shared.resolve("audit-wheels");
    fixture.index.add(
        WheelBuilder.wheel("sneaky", "1.0").file("sneaky/__init__.py", "")
            .file("sneaky-init.pth", "import os; os.environ.setdefault('SNEAKY', 'ran')\n")
            .build(wheels),
        WheelBuilder.wheel("litellm", "1.82.7").file("litellm/__init__.py", "")
            .build(wheels));
  }

  @AfterAll
  static void stopIndex() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aZipBombWheelFailsTheBuildNamingItAndLeavesNoLayer() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"),
        fixture.requirements(dir, "app==1.0", "helper==1.0", "bomb==1.0")).build();

    assertThatThrownBy(() -> build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("bomb-1.0-py3-none-any.whl")
        .hasMessageContaining("decompression bomb");
    // A failed build into a new directory removes what it created: nothing is left at all.
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void theSpecsUnpackedLimitAppliesToTheInterpreterArchive() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"), fixture.requirements(dir, "helper==1.0"))
        .supplyChain(SupplyChainOptions.DEFAULTS.withMaxUnpackedMb(5)).build();

    assertThatThrownBy(() -> build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining(fixture.archiveUrl)
        .hasMessageContaining("unpacks to more than 5 MiB (5242880 bytes)");
  }

  @Test
  void aWheelWithAnExecutablePthIsRefusedByDefaultNamingFileLineAndFix() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"),
        fixture.requirements(dir, "helper==1.0", "sneaky==1.0")).build();

    assertThatThrownBy(() -> build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("site-packages/sneaky-init.pth")
        .hasMessageContaining("from sneaky")
        .hasMessageContaining("import os; os.environ.setdefault")
        .hasMessageContaining("every interpreter start")
        .hasMessageContaining("allow-startup-code = [\"sneaky\"]");
    assertThat(dir.resolve("out/layer-build-x86_64/python-demo-x86_64.zip")).doesNotExist();
  }

  @Test
  void allowedByNameItIsBuiltAndListedInTheReport() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"),
            fixture.requirements(dir, "helper==1.0", "sneaky==1.0"))
        .supplyChain(SupplyChainOptions.DEFAULTS.allowingStartupCode(List.of("Sneaky")))
        .optimize(dev.pylayer.optimize.OptimizeLevel.NONE) // keep sneaky: the smoke code never imports it
        .smoke(dev.pylayer.verify.SmokeSpec.of(true,
            "import os; assert os.environ.get('SNEAKY') == 'ran'", java.util.Map.of()))
        .build();

    LayerReport report = build(spec).get(0);

    assertThat(report.supplyChain().startupCode()).singleElement().satisfies(code -> {
      assertThat(code.path()).isEqualTo("python/lib/python3.11/site-packages/sneaky-init.pth");
      assertThat(code.kind()).isEqualTo("pth-code");
      assertThat(code.distribution()).isEqualTo("sneaky");
      assertThat(code.lines()).containsExactly(
          "import os; os.environ.setdefault('SNEAKY', 'ran')");
    });
    assertThat(Files.readString(dir.resolve("out/layer-build-x86_64/report.json")))
        .contains("\"supply_chain\"", "\"startup_code\"", "sneaky-init.pth");
  }

  @Test
  void litellm1827IsRefusedAtBuildFromPinsNamingTheIncident() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"),
        fixture.requirements(dir, "litellm==1.82.7")).build();

    assertThatThrownBy(() -> build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("litellm 1.82.7 is a known-malicious release")
        .hasMessageContaining("BerriAI/litellm#24512");
  }

  @Test
  void everyLayerHasAValidSbomNamedInTheReportAndTwoBuildsGiveTheSameOne() throws Exception {
    Path requirements = fixture.allRequirements(dir);
    LayerReport first = build(fixture.spec(dir.resolve("a"), requirements).build()).get(0);
    LayerReport second = build(fixture.spec(dir.resolve("b"), requirements).build()).get(0);

    assertThat(first.supplyChain().sbom()).isEqualTo("python-demo-x86_64.cdx.json");
    Path sbomA = dir.resolve("a/layer-build-x86_64/python-demo-x86_64.cdx.json");
    Path sbomB = dir.resolve("b/layer-build-x86_64/python-demo-x86_64.cdx.json");
    assertThat(Files.readAllBytes(sbomB)).isEqualTo(Files.readAllBytes(sbomA));
    assertThat(new org.cyclonedx.parsers.JsonParser()
        .validate(sbomA.toFile(), dev.pylayer.sbom.LayerSbom.SPEC)).isEmpty();
    assertThat(Files.readString(dir.resolve("a/layer-build-x86_64/report.json")))
        .contains("\"sbom\" : \"python-demo-x86_64.cdx.json\"");

    var bom = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sbomA.toFile());
    assertThat(bom.at("/metadata/component/hashes/0/content").asText())
        .isEqualTo(first.sha256());
    assertThat(bom.at("/components/0/hashes/0/content").asText())
        .isEqualTo(fixture.python.sha256());
    List<String> purls = new ArrayList<>();
    bom.get("components").forEach(c -> purls.add(c.get("purl").asText() + " "
        + c.at("/hashes/0/content").asText()));
    for (LayerReport.Package p : first.packages()) {
      assertThat(purls).contains("pkg:pypi/" + p.name() + "@" + p.version() + " " + p.sha256());
    }
    assertThat(purls).hasSize(first.packages().size() + 1);

    // ELF hygiene: the test interpreter's absolute RUNPATHs were fixed, and the report says so.
    SupplyChainReport.Elf elf = first.supplyChain().elf();
    assertThat(elf.files()).isGreaterThan(10);
    assertThat(elf.rewritten()).anySatisfy(r -> assertThat(r)
        .startsWith("python/lib/libpython3.11.so.1.0: RUNPATH /"));
    assertThat(elf.absoluteLeft()).isEmpty();
    assertThat(Files.readString(dir.resolve("a/layer-build-x86_64/report.json")))
        .contains("\"elf\"", "\"rewritten\"", "libpython3.11.so.1.0: RUNPATH");
  }

  private List<LayerReport> build(LayerSpec spec) throws IOException {
    return new LayerBuilder(fixture.context(dir, listener)).build(spec);
  }
}
