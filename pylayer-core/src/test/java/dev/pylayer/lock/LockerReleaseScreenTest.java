package dev.pylayer.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.audit.KnownBadReleases;
import dev.pylayer.audit.RefusedReleaseException;
import dev.pylayer.audit.ReleaseScreen;
import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSource;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.testing.LocalPackageIndex;
import dev.pylayer.testing.WheelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known-malicious releases are refused at lock time, by default, naming the incident. */
class LockerReleaseScreenTest {

  private static final TargetEnvironment X86 = TargetEnvironment.of("3.11", Arch.X86_64, 2, 26);

  @TempDir Path dir;
  private LocalPackageIndex index;

  @BeforeEach
  void start() throws Exception {
    index = LocalPackageIndex.start();
    Path wheels = Files.createDirectories(dir.resolve("wheels"));
    index.add(
        WheelBuilder.wheel("litellm", "1.82.6").build(wheels),
        WheelBuilder.wheel("litellm", "1.82.7").build(wheels),
        WheelBuilder.wheel("evilpkg", "2.0").build(wheels),
        WheelBuilder.wheel("app", "1.0").requires("litellm==1.82.7").build(wheels));
  }

  @AfterEach
  void stop() {
    index.close();
  }

  private Locker locker() {
    HttpTransport transport = HttpTransport.create(HttpSettings.defaults());
    IndexClient client = IndexClient.create(List.of(IndexSource.index(index.url(), dir)),
        transport, message -> {});
    return Locker.create(client, DownloadCache.create(dir.resolve("cache"), transport),
        dir.resolve("cache"), LockListener.NONE);
  }

  private static LockRequest request(String... requirements) {
    return LockRequest.builder()
        .requirements(java.util.Arrays.stream(requirements).map(Requirement::parse).toList())
        .targets(List.of(X86)).build();
  }

  @Test
  void litellm1827IsRefusedAtLockNamingTheIncidentEvenAsADependency() {
    assertThatThrownBy(() -> locker().lock(request("app")))
        .isInstanceOf(RefusedReleaseException.class)
        .hasMessageContaining("litellm 1.82.7 is a known-malicious release")
        .hasMessageContaining("BerriAI/litellm#24512")
        .hasMessageContaining(".pth");
  }

  @Test
  void theVersionBeforeLocks() throws Exception {
    LockFile lock = locker().lock(request("litellm==1.82.6"));
    assertThat(lock.packages()).extracting(p -> p.name().value() + " " + p.version())
        .containsExactly("litellm 1.82.6");
  }

  @Test
  void usersAddTheirOwnKnownBadReleases() throws Exception {
    Path list = Files.writeString(dir.resolve("ours.toml"), String.join("\n",
        "[[release]]", "name = \"EvilPkg\"", "versions = [\"2.0\"]",
        "incident = \"INC-7\"", "summary = \"our security team found a backdoor\"", ""));
    ReleaseScreen screen = ReleaseScreen.of(KnownBadReleases.bundledPlus(List.of(list)));

    assertThatThrownBy(() -> locker().screening(screen).lock(request("evilpkg")))
        .hasMessageContaining("evilpkg 2.0 is a known-malicious release (INC-7: our security"
            + " team found a backdoor");
    assertThat(locker().lock(request("evilpkg")).packages()).hasSize(1);
  }
}
