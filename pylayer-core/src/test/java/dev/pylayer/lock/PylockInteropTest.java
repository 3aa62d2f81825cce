package dev.pylayer.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSource;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.Tag;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.testing.HostPython;
import dev.pylayer.testing.LocalPackageIndex;
import dev.pylayer.testing.WheelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The written {@code pylock.toml} read by the reference implementation of PEP 751 (pypa/packaging's
 * {@code packaging.pylock}, on the host CPython): it validates, and for each target its {@code
 * select()} (the target's marker values and wheel tags) installs exactly the wheels pylayer's own
 * table names. Skipped when the host has no packaging with {@code pylock}.
 */
class PylockInteropTest {

  private static final String SCRIPT = String.join("\n",
      "import json, sys, tomllib",
      "from packaging.pylock import Pylock",
      "from packaging.tags import Tag",
      "with open(sys.argv[1], 'rb') as f:",
      "    lock = Pylock.from_dict(tomllib.load(f))",
      "targets = json.load(open(sys.argv[2]))",
      "out = []",
      "for t in targets:",
      "    tags = [Tag(*s.split('-')) for s in t['tags']]",
      "    chosen = {}",
      "    for package, wheel in lock.select(environment=t['env'], tags=tags):",
      "        chosen[package.name] = wheel.name",
      "    out.append(chosen)",
      "print(json.dumps(out))",
      "");

  private static final TargetEnvironment X86 = TargetEnvironment.of("3.11", Arch.X86_64, 2, 26);
  private static final TargetEnvironment ARM = TargetEnvironment.of("3.11", Arch.ARM64, 2, 26);

  @TempDir Path dir;

  /** Publishes a small set whose x86_64 and aarch64 resolutions differ, and locks both. */
  private LockFile lock(LocalPackageIndex index) throws Exception {
    Path wheels = Files.createDirectories(dir.resolve("wheels"));
    index.add(
        WheelBuilder.wheel("app", "1.0").requires("native>=1").requires("pure").build(wheels),
        WheelBuilder.wheel("native", "1.0").build(wheels),
        WheelBuilder.wheel("native", "2.0").tag("cp311-cp311-manylinux_2_17_x86_64")
            .build(wheels),
        WheelBuilder.wheel("pure", "1.0").requires("onlyarm; platform_machine == 'aarch64'")
            .build(wheels),
        WheelBuilder.wheel("onlyarm", "0.1").build(wheels));
    HttpTransport transport = HttpTransport.create(HttpSettings.defaults());
    IndexClient client = IndexClient.create(List.of(IndexSource.index(index.url(), dir)),
        transport, message -> {});
    return Locker.create(client, DownloadCache.create(dir.resolve("cache"), transport),
        dir.resolve("cache"), LockListener.NONE).lock(LockRequest.builder()
            .requirements(List.of(Requirement.parse("app"))).targets(List.of(X86, ARM))
            .build());
  }

  /**
   * The exported requirements.txt, installed by host pip ({@code --dry-run}, which still
   * downloads and checks every hash) from the same index on this x86_64 host: pip takes the
   * x86_64 lines by their markers and every hash matches.
   */
  @Test
  void pipInstallsTheExportedRequirementsWithItsHashChecks() throws Exception {
    assumeTrue(HostPython.find().isPresent(), "no host python3");
    assumeTrue(System.getProperty("os.arch").equals("amd64"), "the export is checked on x86_64");
    try (LocalPackageIndex index = LocalPackageIndex.start()) {
      LockFile lock = lock(index);
      Path exported = dir.resolve("requirements.txt");
      Files.writeString(exported, RequirementsExport.allTargets(lock));
      Path report = dir.resolve("report.json");

      HostPython.Result pip = HostPython.run(dir, Map.of("PIP_CONFIG_FILE", "/dev/null",
          "HOME", dir.toString(), "PIP_DISABLE_PIP_VERSION_CHECK", "1"), "-m", "pip", "install",
          "--dry-run", "--ignore-installed", "--quiet", "--only-binary=:all:", "--no-deps",
          "--index-url", index.url(), "--report", report.toString(), "-r", exported.toString());

      assertThat(pip.exitCode).as(pip.toString()).isZero();
      Map<String, String> installed = new TreeMap<>();
      new ObjectMapper().readTree(report.toFile()).path("install").forEach(i -> installed.put(
          i.path("metadata").path("name").asText(), i.path("metadata").path("version").asText()));
      assertThat(installed).isEqualTo(Map.of("app", "1.0", "native", "2.0", "pure", "1.0"));
      assertThat(Files.readString(exported)).contains("--hash=sha256:");
    }
  }

  @Test
  void packagingReadsTheLockAndSelectsTheSameWheelsForEachTarget() throws Exception {
    assumeTrue(HostPython.find().isPresent(), "no host python3");
    HostPython.Result probe = HostPython.run(dir, Map.of(), "-c", "import packaging.pylock");
    assumeTrue(probe.exitCode == 0, "host packaging has no pylock module: " + probe);
    LockFile lock;
    try (LocalPackageIndex index = LocalPackageIndex.start()) {
      lock = lock(index);
    }
    Path lockFile = dir.resolve("pylock.toml");
    LockFileFormat.write(lock, lockFile);
    List<Map<String, Object>> targets = new ArrayList<>();
    for (TargetEnvironment t : List.of(X86, ARM)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("env", t.markerEnvironment().values());
      List<String> tags = new ArrayList<>();
      for (Tag tag : t.supportedTags()) {
        tags.add(tag.toString());
      }
      entry.put("tags", tags);
      targets.add(entry);
    }
    Path targetsFile = dir.resolve("targets.json");
    new ObjectMapper().writeValue(targetsFile.toFile(), targets);

    HostPython.Result result = HostPython.run(dir, Map.of(), "-c", SCRIPT, lockFile.toString(),
        targetsFile.toString());

    assertThat(result.exitCode).as(result.toString()).isZero();
    JsonNode selected = new ObjectMapper().readTree(result.stdout);
    for (int i = 0; i < 2; i++) {
      TargetEnvironment t = i == 0 ? X86 : ARM;
      Map<String, String> expected = new TreeMap<>();
      lock.target(t).orElseThrow().wheels().forEach((n, f) -> expected.put(n.value(), f));
      Map<String, String> got = new TreeMap<>();
      selected.get(i).fields().forEachRemaining(e -> got.put(e.getKey(), e.getValue().asText()));
      assertThat(got).as("packaging's selection for " + t).isEqualTo(expected);
    }
    assertThat(lock.target(ARM).orElseThrow().wheels()).containsKey(
        dev.pylayer.pep.PackageName.of("onlyarm"));
    assertThat(lock.target(X86).orElseThrow().wheels()).doesNotContainKey(
        dev.pylayer.pep.PackageName.of("onlyarm"));
  }
}
