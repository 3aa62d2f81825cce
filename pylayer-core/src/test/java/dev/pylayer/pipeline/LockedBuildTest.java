package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.index.IndexSettings;
import dev.pylayer.interpreter.PbsCatalog;
import dev.pylayer.lock.LockFile;
import dev.pylayer.lock.LockFileFormat;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.PackageName;
import dev.pylayer.testing.LayerBuildFixture;
import dev.pylayer.testing.LocalPackageIndex;
import dev.pylayer.testing.WheelBuilder;
import dev.pylayer.verify.HostPlatform;
import dev.pylayer.verify.SmokeSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds from a lock: written when missing, refused when stale, re-resolved on upgrade. */
class LockedBuildTest {

  @TempDir static Path shared;
  static LayerBuildFixture fixture;

  @TempDir Path dir;

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

  private BuildContext context() {
    return fixture.context(dir, new BuildListener() {});
  }

  private static String lockedVersion(LockFile lock, String name) {
    return lock.packages().stream().filter(p -> p.name().value().equals(name))
        .map(p -> p.version()).findFirst().orElse("none");
  }

  @Test
  void aLooseRequirementsFileIsLockedFirstThenBuiltFromTheLock() throws IOException {
    Path requirements = fixture.requirements(dir, "app", "helper<2", "nativepkg", "datapkg",
        "ns-one", "ns-two");
    LayerSpec spec = fixture.spec(dir.resolve("out"), requirements).noDeps(false).build();

    List<LayerReport> reports = new LayerBuilder(context()).build(spec);

    LockFile lock = LockFileFormat.read(spec.lockFile());
    assertThat(lockedVersion(lock, "helper")).isEqualTo("1.0");
    assertThat(lock.requirements()).contains("helper<2");
    assertThat(reports.get(0).packages()).extracting(LayerReport.Package::name)
        .contains("app", "helper", "nativepkg");
    assertThat(reports.get(0).smoke().ok()).isTrue();
    assertThat(lock.interpreters().get(Arch.X86_64).sha256()).isEqualTo(fixture.python.sha256());
  }

  @Test
  void aLockMadeFromAnotherSpecIsRefused() throws IOException {
    LayerSpec first = fixture.spec(dir.resolve("out"), fixture.requirements(dir, "app"))
        .noDeps(false).build();
    new SpecLocker(context()).lock(first, LockOptions.KEEP, first.lockFile());
    LayerSpec changed = fixture.spec(dir.resolve("out"),
        fixture.requirements(dir, "app", "datapkg")).noDeps(false).build();

    assertThatThrownBy(() -> new LayerBuilder(context()).build(changed))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("the spec changed since pylock.toml was made: run pylayer lock");
  }

  @Test
  void aPinnedLineIsATopLevelRequirementWhoseDependenciesAreResolvedAsPipWould()
      throws IOException {
    Path requirements = fixture.requirements(dir, "app==1.0");
    LayerSpec spec = fixture.spec(dir.resolve("out"), requirements).noDeps(false)
        .smoke(SmokeSpec.of(true, "import app; assert app.greet() == 'v2', app.greet()",
            Map.of())).build();

    LayerReport report = new LayerBuilder(context()).build(spec).get(0);

    // As pip would: app's dependency (helper>=1.0) resolved to its newest version.
    assertThat(report.packages()).extracting(p -> p.name() + "==" + p.version())
        .containsExactly("app==1.0", "helper==2.0");
    assertThat(spec.lockFile()).isRegularFile();

    // --no-deps installs the file as it is: the missing dependency is named.
    LayerSpec noDeps = fixture.spec(dir.resolve("out2"), requirements).noDeps(true).build();
    assertThatThrownBy(() -> new LayerBuilder(context()).build(noDeps))
        .hasMessageContaining("app 1.0 needs helper>=1.0: not installed");
  }

  @Test
  void theSeedConstraintsAreNamedWhenTheyMakeTheLockFail() throws IOException {
    try (LocalPackageIndex own = LocalPackageIndex.start()) {
      Path wheels = Files.createDirectories(dir.resolve("wheels"));
      own.add(WheelBuilder.wheel("idna", "4.0").build(wheels));
      LayerSpec spec = LayerSpec.builder(dir).name("demo").arches(List.of(Arch.X86_64))
          .requirements(List.of("idna>=4"))
          .index(IndexSettings.builder().indexUrl(own.url()).build()).build();

      assertThatThrownBy(() -> new SpecLocker(context()).lock(spec, LockOptions.KEEP,
              spec.lockFile()))
          .hasMessageContaining("idna==3.7")
          .hasMessageContaining("constraints = [] under [packages]");
      assertThat(spec.lockFile()).doesNotExist();
    }
  }

  @Test
  void aLockBesideTheRequirementsFileIsUsed() throws IOException {
    Path sub = java.nio.file.Files.createDirectories(dir.resolve("sub"));
    Path requirements = fixture.requirements(sub, "app==1.0");
    LayerSpec locking = fixture.spec(sub, requirements).noDeps(false).build();
    new SpecLocker(context()).lock(locking, LockOptions.KEEP, locking.lockFile());

    LayerSpec spec = fixture.spec(dir.resolve("out"), requirements).noDeps(false).build();
    PackagePlan plan = new LayerBuilder(context()).planner(spec).plan(spec.targets().get(0));

    assertThat(plan.source()).isEqualTo("pylock.toml");
    assertThat(plan.wheels()).extracting(PlannedWheel::name).extracting(Object::toString)
        .containsExactly("app", "helper");
    assertThat(spec.lockFile()).doesNotExist();
  }

  @Test
  void aPinnedRequirementsFileIsInstalledWithoutALock() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"), fixture.requirements(dir, "app==1.0",
        "helper==1.0")).build();
    PackagePlan plan = new LayerBuilder(context()).planner(spec).plan(spec.targets().get(0));

    assertThat(plan.source()).endsWith(".txt");
    assertThat(spec.lockFile()).doesNotExist();
  }

  @Test
  void theLockKeepsVersionsUntilAnUpgradeIsAskedFor() throws IOException {
    try (LocalPackageIndex own = LocalPackageIndex.start()) {
      Path wheels = Files.createDirectories(dir.resolve("wheels"));
      own.add(WheelBuilder.wheel("lib", "1.0").build(wheels),
          WheelBuilder.wheel("other", "1.0").build(wheels));
      LayerSpec spec = LayerSpec.builder(dir).name("demo").arches(List.of(Arch.X86_64))
          .requirements(List.of("lib", "other")).constraints(List.of())
          .index(IndexSettings.builder().indexUrl(own.url()).build()).build();
      new SpecLocker(context()).lock(spec, LockOptions.KEEP, spec.lockFile());
      own.add(WheelBuilder.wheel("lib", "2.0").build(wheels),
          WheelBuilder.wheel("other", "2.0").build(wheels));

      // A fresh context each time: an index client keeps the pages it read for its run.
      LockFile kept = new SpecLocker(context()).lock(spec, LockOptions.KEEP, spec.lockFile());
      LockFile one = new SpecLocker(context()).lock(spec, new LockOptions(false, Set.of(PackageName.of("lib"))),
          spec.lockFile());
      PackagePlan plan = new LockedPlanner(one, "pylock.toml").plan(spec.targets().get(0));
      LockFile all = new SpecLocker(context()).lock(spec, new LockOptions(true, Set.of()), spec.lockFile());

      assertThat(lockedVersion(kept, "lib")).isEqualTo("1.0");
      assertThat(lockedVersion(one, "lib")).isEqualTo("2.0");
      assertThat(lockedVersion(one, "other")).isEqualTo("1.0");
      assertThat(plan.wheels()).extracting(w -> w.filename())
          .containsExactly("lib-2.0-py3-none-any.whl", "other-1.0-py3-none-any.whl");
      assertThat(plan.wheels().get(0).url().toString()).startsWith(own.url().replace("/simple/",
          "/files/"));
      assertThat(lockedVersion(all, "other")).isEqualTo("2.0");
      assertThat(LockFileFormat.read(spec.lockFile()).fingerprint()).isEqualTo(all.fingerprint());
    }
  }

  @Test
  void theLockedInterpreterIsUsedWhenTheCatalogHasMovedOn() throws IOException {
    LayerSpec spec = LayerSpec.builder(dir.resolve("out")).name("demo")
        .arches(List.of(Arch.X86_64)).requirements(List.of("app")).constraints(List.of())
        .index(IndexSettings.builder().indexUrl(fixture.index.url()).build())
        .compressionLevel(1).smoke(SmokeSpec.of(true, "import app", Map.of())).build();
    // The catalog takes only python-build-standalone file names: serve the archive as one.
    Path named = dir.resolve("cpython-3.11.7+20240101-x86_64-unknown-linux-gnu-install_only.tar.gz");
    Files.copy(fixture.python.path(), named);
    String url = fixture.index.serve(named).toString();
    String locked = catalogEntry("3.11.7", "20240101", url, fixture.python.sha256());
    // A newer build the catalog would now choose; its URL answers 404, so using it fails.
    String newer = catalogEntry("3.11.99", "20990101", url.replace("3.11.7+20240101",
        "3.11.99+20990101"), "0".repeat(64));
    new SpecLocker(contextWithCatalog("[" + locked + "]"))
        .lock(spec, LockOptions.KEEP, spec.lockFile());

    List<LayerReport> reports =
        new LayerBuilder(contextWithCatalog("[" + locked + "," + newer + "]")).build(spec);

    assertThat(reports.get(0).python().version()).isEqualTo("3.11.7");
    assertThat(reports.get(0).python().archiveSha256()).isEqualTo(fixture.python.sha256());
  }

  private static String catalogEntry(String version, String release, String url, String sha256) {
    return String.format("{\"version\": \"%s\", \"arch\": \"x86_64\", \"release\": \"%s\","
        + " \"url\": \"%s\", \"sha256\": \"%s\"}", version, release, url, sha256);
  }

  private BuildContext contextWithCatalog(String json) throws IOException {
    PbsCatalog catalog = PbsCatalog.parse(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "a test catalog");
    return BuildContext.builder()
        .env(Map.of("PIP_CONFIG_FILE", "/dev/null", "SOURCE_DATE_EPOCH", "1700000000"))
        .home(dir).workingDir(dir).host(HostPlatform.of(Arch.X86_64))
        .cacheRoot(fixture.cache).catalog(catalog).listener(new BuildListener() {}).build();
  }
}
