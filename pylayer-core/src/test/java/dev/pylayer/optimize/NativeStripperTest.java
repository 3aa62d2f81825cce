package dev.pylayer.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.pep.Arch;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NativeStripperTest {

  private static java.util.function.Function<String, Path> installed(String... programs) {
    Set<String> names = Set.of(programs);
    return name -> names.contains(name) ? Path.of("/usr/bin", name) : null;
  }

  @Test
  void theHostsStripServesOnlyItsOwnArchitecture() {
    var onPath = installed("strip", "aarch64-linux-gnu-strip");

    assertThat(NativeStripper.forTarget(Arch.X86_64, Optional.of(Arch.X86_64), onPath)
        .map(NativeStripper::describe)).contains("/usr/bin/strip");
    assertThat(NativeStripper.forTarget(Arch.ARM64, Optional.of(Arch.X86_64), onPath)
        .map(NativeStripper::describe)).contains("/usr/bin/aarch64-linux-gnu-strip");
  }

  @Test
  void llvmStripHandlesAnyArchitectureWhenBinutilsForItAreMissing() {
    var onPath = installed("strip", "llvm-strip-18");

    assertThat(NativeStripper.forTarget(Arch.ARM64, Optional.of(Arch.X86_64), onPath)
        .map(NativeStripper::describe)).contains("/usr/bin/llvm-strip-18");
  }

  @Test
  void withoutAnyToolTheNoticeSaysWhatToInstall() {
    assertThat(NativeStripper.forTarget(Arch.ARM64, Optional.of(Arch.X86_64), installed("strip")))
        .isEmpty();
    assertThat(NativeStripper.missingToolNotice(Arch.ARM64))
        .contains("aarch64-linux-gnu-strip", "llvm-strip", "binutils-aarch64-linux-gnu");
  }
}
