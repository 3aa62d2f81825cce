package dev.pylayer.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.files.Sha256;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSource;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.testing.LocalPackageIndex;
import dev.pylayer.testing.WheelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockerTest {

  private static final TargetEnvironment X86 = TargetEnvironment.of("3.11", Arch.X86_64, 2, 26);
  private static final TargetEnvironment ARM = TargetEnvironment.of("3.11", Arch.ARM64, 2, 26);

  @TempDir Path dir;
  private LocalPackageIndex index;
  private Path wheels;

  @BeforeEach
  void start() throws IOException {
    index = LocalPackageIndex.start();
    wheels = Files.createDirectories(dir.resolve("wheels"));
  }

  @AfterEach
  void stop() {
    index.close();
  }

  private void publish(WheelBuilder... builders) throws IOException {
    for (WheelBuilder b : builders) {
      index.add(b.build(wheels));
    }
  }

  /** app needs native (x86_64-only wheels for 2.0) and pure; pure has an extra. */
  private void publishDemo() throws IOException {
    publish(
        WheelBuilder.wheel("app", "1.0").requires("native>=1").requires("pure[fast]"),
        WheelBuilder.wheel("native", "1.0"),
        WheelBuilder.wheel("native", "2.0").tag("cp311-cp311-manylinux_2_17_x86_64"),
        WheelBuilder.wheel("pure", "1.0").requires("speedup; extra == 'fast'"),
        WheelBuilder.wheel("speedup", "0.5"),
        WheelBuilder.wheel("unrelated", "9.0"));
  }

  private Locker locker(List<IndexSource> sources) {
    HttpTransport transport = HttpTransport.create(HttpSettings.defaults());
    IndexClient client = IndexClient.create(sources, transport, message -> {});
    return Locker.create(client, DownloadCache.create(dir.resolve("cache"), transport),
        dir.resolve("cache"), LockListener.NONE);
  }

  private Locker locker() {
    return locker(List.of(IndexSource.index(index.url(), dir)));
  }

  private static LockRequest.Builder request(String... requirements) {
    List<Requirement> r = new ArrayList<>();
    for (String s : requirements) {
      r.add(Requirement.parse(s));
    }
    return LockRequest.builder().requirements(r).targets(List.of(X86, ARM));
  }

  private static Map<String, String> versions(LockFile lock, TargetEnvironment target) {
    Map<String, String> out = new TreeMap<>();
    lock.versions(lock.target(target).orElseThrow()).forEach((n, v) -> out.put(n.value(),
        v.toString()));
    return out;
  }

  @Test
  void locksEveryTargetWithItsOwnWheelsAndMarkers() throws Exception {
    publishDemo();

    LockFile lock = locker().lock(request("app").build());

    assertThat(versions(lock, X86)).isEqualTo(Map.of("app", "1.0", "native", "2.0", "pure", "1.0",
        "speedup", "0.5"));
    assertThat(versions(lock, ARM)).containsEntry("native", "1.0");
    assertThat(lock.packages()).filteredOn(p -> p.name().value().equals("native"))
        .extracting(p -> p.version() + " " + p.marker().orElse("-"))
        .containsExactly(
            "1.0 platform_machine == 'aarch64' and python_version == '3.11'",
            "2.0 platform_machine == 'x86_64' and python_version == '3.11'");
    LockedWheel nativeX86 = lock.installs(lock.target(X86).orElseThrow()).stream()
        .filter(i -> i.pkg().name().value().equals("native")).findFirst().orElseThrow().wheel();
    Path built = wheels.resolve(nativeX86.filename());
    assertThat(nativeX86.sha256()).isEqualTo(Sha256.of(built));
    assertThat(nativeX86.size().getAsLong()).isEqualTo(Files.size(built));
    assertThat(nativeX86.url().toString()).startsWith("http://127.0.0.1:");
    assertThat(lock.packages()).filteredOn(p -> p.name().value().equals("app"))
        .allSatisfy(p -> assertThat(p.marker()).isEmpty())
        .allSatisfy(p -> assertThat(p.index()).contains(index.url()));
    assertThat(lock.requiresPython()).isEqualTo("==3.11.*");
  }

  @Test
  void theWrittenLockReadsBackAndIsTheSameBytesEveryTime() throws Exception {
    publishDemo();
    LockRequest request = request("app").constraints(List.of(Requirement.parse("speedup<1")))
        .interpreter(Arch.X86_64, new InterpreterArchive("https://example.invalid/py.tar.gz",
            "ab".repeat(32))).build();

    String first = LockFileFormat.write(locker().lock(request));
    String second = LockFileFormat.write(locker().lock(request));
    LockFile read = LockFileFormat.read(first, "pylock.toml");

    assertThat(second).isEqualTo(first);
    assertThat(LockFileFormat.write(read)).isEqualTo(first);
    assertThat(first).contains("lock-version = \"1.0\"").contains("created-by = \"pylayer\"")
        .contains("[tool.pylayer]").contains("[[tool.pylayer.targets]]");
    assertThat(read.fingerprint()).isEqualTo(request.fingerprint());
    assertThat(read.constraints()).containsExactly("speedup<1");
    assertThat(read.interpreters().get(Arch.X86_64).sha256()).isEqualTo("ab".repeat(32));
  }

  @Test
  void keepsLockedVersionsUntilUpgraded() throws Exception {
    publishDemo();
    LockFile old = locker().lock(request("app", "unrelated").build());
    publish(WheelBuilder.wheel("pure", "1.1"), WheelBuilder.wheel("unrelated", "9.1"));

    LockFile kept = locker().lock(request("app", "unrelated").existing(old).build());
    LockFile one = locker().lock(request("app", "unrelated").existing(old)
        .upgradePackages(Set.of(PackageName.of("pure"))).build());
    LockFile all = locker().lock(request("app", "unrelated").existing(old).upgradeAll(true)
        .build());

    assertThat(versions(kept, X86)).containsEntry("pure", "1.0").containsEntry("unrelated", "9.0");
    assertThat(versions(one, X86)).containsEntry("pure", "1.1").containsEntry("unrelated", "9.0");
    assertThat(versions(all, X86)).containsEntry("pure", "1.1").containsEntry("unrelated", "9.1");
  }

  @Test
  void aConflictNamesTheTargetAndTheChain() throws Exception {
    publishDemo();

    assertThatThrownBy(() -> locker().lock(request("app", "native>=2").build()))
        .isInstanceOf(ResolutionException.class)
        .hasMessageContaining("cannot lock for aarch64/cp311/manylinux_2_26")
        .hasMessageContaining("no wheel of native 2.0 fits aarch64/cp311/manylinux_2_26");
  }

  @Test
  void anSdistOnlyPackageFailsClearlyAndFindLinksFilesAreHashed() throws Exception {
    Path links = Files.createDirectories(dir.resolve("links"));
    WheelBuilder.wheel("top", "1.0").requires("built").build(links);
    Files.writeString(links.resolve("built-1.0.tar.gz"), "not really an sdist");
    Path local = WheelBuilder.wheel("plain", "3.0").build(links);
    List<IndexSource> sources = List.of(IndexSource.findLinks(links.toString(), dir, dir));

    assertThatThrownBy(() -> locker(sources).lock(request("top").build()))
        .hasMessageContaining("built 1.0 has no wheel, only an sdist, and pylayer builds no"
            + " sdists");
    LockFile lock = locker(sources).lock(request("plain").build());
    LockedWheel w = lock.packages().get(0).wheels().get(0);
    assertThat(w.sha256()).isEqualTo(Sha256.of(local));
    assertThat(w.url().getScheme()).isEqualTo("file");
    assertThat(lock.packages().get(0).index()).isEmpty();
  }

  @Test
  void exportsPipRequirementsWithHashes() throws Exception {
    publishDemo();
    LockFile lock = locker().lock(request("app").build());

    String all = RequirementsExport.allTargets(lock);
    String arm = RequirementsExport.forTarget(lock, lock.target(ARM).orElseThrow());

    assertThat(all).contains("native==2.0 ; platform_machine == 'x86_64' and python_version =="
        + " '3.11' \\\n    --hash=sha256:");
    assertThat(arm).contains("native==1.0 \\\n    --hash=sha256:" + Sha256.of(
        wheels.resolve("native-1.0-py3-none-any.whl"))).doesNotContain("native==2.0");
  }

  @Test
  void theFingerprintFollowsTheInputsNotTheirOrder() {
    String ab = request("a", "b").build().fingerprint();

    assertThat(request("b", "a").build().fingerprint()).isEqualTo(ab);
    assertThat(request("a", "b>1").build().fingerprint()).isNotEqualTo(ab);
    assertThat(request("a", "b").setting("index-url=x").build().fingerprint()).isNotEqualTo(ab);
    assertThat(request("a", "b").targets(List.of()).build().fingerprint()).isEqualTo(ab);
  }
}
