package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.optimize.OptimizeLevel;
import dev.pylayer.pack.ZipInspector;
import dev.pylayer.pack.ZipListing;
import dev.pylayer.pep.Arch;
import dev.pylayer.testing.HostileArchives;
import dev.pylayer.testing.LayerBuildFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end builds: a python-build-standalone-shaped archive of the host CPython and real wheels
 * served on 127.0.0.1, through every step to a zip whose smoke test runs the layer's interpreter.
 */
class LayerBuilderTest {

  @TempDir static Path shared;
  static LayerBuildFixture fixture;

  @TempDir Path dir;
  final List<String> steps = new ArrayList<>();
  final BuildListener listener = new BuildListener() {
    @Override
    public void step(String message) {
      steps.add(message);
    }
  };

  @BeforeAll
  static void startIndex() throws IOException {
    fixture = LayerBuildFixture.create(shared);
  }

  @AfterAll
  static void stopIndex() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void directoryLayoutBuildsAWorkingLayerWithItsReport() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"), fixture.allRequirements(dir))
        .optimize(OptimizeLevel.NONE).build();

    LayerReport report = builder().build(spec).get(0);

    Path out = dir.resolve("out/layer-build-x86_64");
    Path zip = out.resolve("python-demo-x86_64.zip");
    assertThat(zip).isRegularFile();
    assertThat(out.resolve("layer/python/lib/python3.11/site-packages/app/__init__.py"))
        .isRegularFile();
    assertThat(out.resolve("layer/python/lib/python3.11/site-packages/app/__pycache__"
        + "/__init__.cpython-311.pyc")).isRegularFile();
    assertThat(out.resolve("report.json")).isRegularFile();
    assertThat(out).isDirectoryNotContaining("glob:**/.pylayer-*");

    assertThat(report.zipBytes()).isEqualTo(Files.size(zip));
    assertThat(report.sha256()).isEqualTo(dev.pylayer.files.Sha256.of(zip));
    assertThat(report.unzippedBytes()).isGreaterThan(report.zipBytes());
    assertThat(report.python().version()).isEqualTo(fixture.python.fullVersion());
    assertThat(report.python().archiveSha256()).isEqualTo(fixture.python.sha256());
    assertThat(report.packages()).extracting(LayerReport.Package::name)
        .containsExactly("app", "datapkg", "helper", "nativepkg", "ns-one", "ns-two");
    assertThat(report.packages()).allSatisfy(p -> {
      assertThat(p.bytes()).isPositive();
      assertThat(p.sha256()).hasSize(64);
    });
    assertThat(report.stripped()).extracting(LayerReport.Stripped::rule)
        .contains("pip-setuptools", "idlelib", "tkinter-tcl-tk");
    assertThat(report.bytecode().files()).isGreaterThan(500);
    assertThat(report.smoke().ran()).isTrue();
    assertThat(report.smoke().ok()).isTrue();
    assertThat(report.smoke().output())
        .contains("\"app\": \"1.0\"", "[\"one\", \"two\"]")
        .contains("/python/lib/python3.11/site-packages/app/__init__.py");
    assertThat(ReportJson.read(out.resolve("report.json"))).isEqualTo(report);
    assertThat(report.steps()).extracting(LayerReport.StepTime::step).containsExactly(
        "prepare interpreter", "plan packages", "install", "strip stdlib", "audit",
        "optimize (prune)", "optimize (native strip)", "optimize (drop unused)",
        "fix library paths", "compile bytecode", "pack", "check budget", "smoke", "sbom",
        "verify");
    assertThat(Files.readString(out.resolve("report.json")))
        .contains("\"zip_bytes\"", "\"unzipped_bytes\"", "\"archive_sha256\"",
            "\"build_seconds\"");

    ZipListing listing = ZipInspector.inspect(zip);
    Map<String, ZipListing.Entry> entries = listing.entries().stream()
        .collect(Collectors.toMap(ZipListing.Entry::name, e -> e));
    assertThat(entries.get("python/bin/python3.11").permissions()).isEqualTo(0755);
    assertThat(entries.get("python/bin/python3").kind()).isEqualTo(ZipListing.Kind.SYMLINK);
    assertThat(entries.get("python/lib/python3.11/site-packages/app/__init__.py").permissions())
        .isEqualTo(0644);
    assertThat(entries.get("python/lib/python3.11/site-packages/nativepkg/").permissions())
        .isEqualTo(0755);
    assertThat(entries.keySet()).noneMatch(name -> name.contains("share/datapkg"));
    assertThat(entries.keySet()).noneMatch(name -> name.startsWith("python/include/"));
  }

  @Test
  void twoBuildsOfTheSameInputsGiveTheSameZip() throws IOException {
    Path requirements = fixture.allRequirements(dir);
    LayerReport first = builder().build(fixture.spec(dir.resolve("a"), requirements).build())
        .get(0);
    LayerReport second = builder().build(fixture.spec(dir.resolve("b"), requirements).build())
        .get(0);

    assertThat(second.sha256()).isEqualTo(first.sha256());
    assertThat(second.zipBytes()).isEqualTo(first.zipBytes());
  }

  @Test
  void zipLayoutPutsPurePackagesInSitePackagesZipAndImportsTheSameCode() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"), fixture.allRequirements(dir))
        .layout(Layout.ZIP).optimize(OptimizeLevel.NONE).build();

    LayerReport report = builder().build(spec).get(0);

    Path lib = dir.resolve("out/layer-build-x86_64/layer/python/lib/python3.11");
    assertThat(lib.resolve("site-packages.zip")).isRegularFile();
    assertThat(lib.resolve("sitecustomize.py")).isRegularFile();
    assertThat(lib.resolve("site-packages/nativepkg")).isDirectory();
    assertThat(lib.resolve("site-packages/app")).doesNotExist();
    List<String> inZip = ZipInspector.inspect(lib.resolve("site-packages.zip")).entries().stream()
        .map(ZipListing.Entry::name).collect(Collectors.toList());
    assertThat(inZip).contains("app/__init__.py", "app/__init__.pyc", "nsroot/", "nsroot/one/",
        "app-1.0.dist-info/METADATA");
    assertThat(inZip).noneMatch(name -> name.contains("__pycache__"));
    assertThat(report.smoke().ok()).isTrue();
    assertThat(report.smoke().output()).contains("site-packages.zip/app/__init__.py");
    assertThat(report.packages()).filteredOn(p -> p.name().equals("app"))
        .extracting(LayerReport.Package::location).containsExactly("site-packages.zip");
  }

  @Test
  void overBudgetFailsAndLeavesNoZip() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"), fixture.allRequirements(dir))
        .maxZipBytes(1_000_000).build();

    assertThatThrownBy(() -> builder().build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageStartingWith("x86_64, check budget: the layer zip is")
        .hasMessageContaining("over the budget of 1.0 MB")
        .hasMessageContaining("--max-size");
    assertThat(dir.resolve("out/layer-build-x86_64/python-demo-x86_64.zip")).doesNotExist();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aPinnedHashThatDoesNotMatchIsRefusedBeforeInstalling() throws IOException {
    Path requirements = fixture.requirements(dir,
        "helper==1.0 --hash=sha256:" + "0".repeat(64));
    LayerSpec spec = fixture.spec(dir.resolve("out"), requirements)
        .smoke(dev.pylayer.verify.SmokeSpec.of(false, "", Map.of())).build();

    assertThatThrownBy(() -> builder().build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("helper-1.0-py3-none-any.whl")
        .hasMessageContaining("none of the --hash values");
  }

  @Test
  void anIncompleteSetNamesEveryMissingAndConflictingRequirement() throws IOException {
    dev.pylayer.testing.WheelBuilder.wheel("needy", "1.0")
        .requires("helper>=2.0").requires("absent>=1").requires("other; python_version<'3'")
        .file("needy/__init__.py", "").build(dir);
    fixture.index.add(dir.resolve("needy-1.0-py3-none-any.whl"));
    LayerSpec spec = fixture.spec(dir.resolve("out"),
        fixture.requirements(dir, "needy==1.0", "helper==1.0")).build();

    assertThatThrownBy(() -> builder().build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("needy 1.0 needs helper>=2.0: helper 1.0 is pinned")
        .hasMessageContaining("needy 1.0 needs absent>=1: not installed")
        .hasMessageNotContaining("other")
        .hasMessageContaining("pylayer lock");
  }

  @Test
  void unpinnedRequirementsAndWheelsThatDoNotFitAreExplained() throws IOException {
    LayerSpec loose = fixture.spec(dir.resolve("out"),
        fixture.requirements(dir, "helper>=1.0", "app==1.0")).build();
    PinnedRequirementsPlanner planner = new PinnedRequirementsPlanner(context());
    assertThatThrownBy(() -> planner.plan(planner.read(loose.requirementsFile().get()),
            loose.targets().get(0), context().indexClient(loose.index())))
        .hasMessageContaining("'helper>=1.0'")
        .hasMessageContaining("not pinned");

    LayerSpec arm = fixture.spec(dir.resolve("out"), fixture.requirements(dir, "nativepkg==1.0"))
        .arches(List.of(Arch.ARM64)).pythonArchive(null, null).build();
    assertThatThrownBy(() -> new PinnedRequirementsPlanner(context()).plan(
            new PinnedRequirementsPlanner(context()).read(arm.requirementsFile().get()),
            arm.targets().get(0), context().indexClient(arm.index())))
        .hasMessageContaining("no wheel of nativepkg 1.0 fits arm64/cp311/manylinux_2_34")
        .hasMessageContaining("cp311-cp311-manylinux_2_17_x86_64");
  }

  @Test
  void hostileInterpreterArchivesAreRefusedNamingTheEntry() throws IOException {
    Path hostile = HostileArchives.tarGz(HostileArchives.Kind.DOT_DOT, dir);
    LayerSpec spec = fixture.spec(dir.resolve("out"), fixture.allRequirements(dir))
        .pythonArchive(hostile.toString(), dev.pylayer.files.Sha256.of(hostile)).build();

    assertThatThrownBy(() -> builder().build(spec))
        .hasMessageContaining(HostileArchives.Kind.DOT_DOT.entry());
    assertThat(dir.resolve("out/layer-build-x86_64/python-demo-x86_64.zip")).doesNotExist();
  }

  @Test
  void anInterpreterForAnotherMachineIsRefused() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"), fixture.allRequirements(dir))
        .arches(List.of(Arch.ARM64)).build();

    assertThatThrownBy(() -> builder().build(spec))
        .hasMessageContaining("holds an interpreter for x86_64 but the layer is for arm64");
  }

  private LayerBuilder builder() {
    return new LayerBuilder(context());
  }

  private BuildContext context() {
    return fixture.context(dir, listener);
  }
}
