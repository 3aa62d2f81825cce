package dev.pylayer.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.pep.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPlatformTest {

  @TempDir Path root;

  private final Path qemu = Path.of("/usr/bin/qemu-aarch64-static");

  @Test
  void theHostsOwnArchitectureRunsWithoutALauncher() {
    HostPlatform host = HostPlatform.of(Arch.X86_64, root, name -> null);

    assertThat(host.launcherFor(Arch.X86_64)).contains(List.of());
  }

  @Test
  void withoutQemuAForeignBinaryCannotRunAndTheReasonSaysWhatToInstall() {
    HostPlatform host = HostPlatform.of(Arch.X86_64, root, name -> null);

    assertThat(host.launcherFor(Arch.ARM64)).isEmpty();
    assertThat(host.cannotRunReason(Arch.ARM64))
        .contains("arm64", "x86_64", "qemu-user-static", "libc6-arm64-cross");
  }

  @Test
  void qemuAloneRunsWhenTheTargetsLoaderIsInstalledMultiarch() throws Exception {
    file("lib/ld-linux-aarch64.so.1");
    HostPlatform host = HostPlatform.of(Arch.X86_64, root, qemuOnly());

    assertThat(host.launcherFor(Arch.ARM64)).contains(List.of(qemu.toString()));
  }

  @Test
  void qemuGetsTheCrossSysrootWhenTheLoaderIsOnlyThere() throws Exception {
    file("usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1");
    HostPlatform host = HostPlatform.of(Arch.X86_64, root, qemuOnly());

    assertThat(host.launcherFor(Arch.ARM64)).contains(
        List.of(qemu.toString(), "-L", root.resolve("usr/aarch64-linux-gnu").toString()));
  }

  @Test
  void qemuWithoutAnyTargetGlibcCannotRunAndTheReasonNamesTheCrossLibc() {
    HostPlatform host = HostPlatform.of(Arch.X86_64, root, qemuOnly());

    assertThat(host.launcherFor(Arch.ARM64)).isEmpty();
    assertThat(host.cannotRunReason(Arch.ARM64))
        .contains("no arm64 glibc", "libc6-arm64-cross")
        .doesNotContain("install qemu-user-static");
  }

  private java.util.function.Function<String, Path> qemuOnly() {
    return Map.of("qemu-aarch64-static", qemu)::get;
  }

  private void file(String relative) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "");
  }
}
