package dev.pylayer.verify;

import dev.pylayer.pep.Arch;
import dev.pylayer.process.CommandRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine pylayer runs on: its architecture, and how (if at all) it can run a program built
 * for another one (qemu user-mode emulation, as Debian's qemu-user-static installs it).
 */
public final class HostPlatform {

  private final Optional<Arch> arch;

  private HostPlatform(Optional<Arch> arch) {
    this.arch = arch;
  }

  /** This JVM's machine. */
  public static HostPlatform current() {
    String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!name.contains("linux")) {
      return new HostPlatform(Optional.empty());
    }
    try {
      return new HostPlatform(Optional.of(Arch.parse(System.getProperty("os.arch", ""))));
    } catch (IllegalArgumentException e) {
      return new HostPlatform(Optional.empty());
    }
  }

  /** A host of a given architecture (tests). */
  public static HostPlatform of(Arch arch) {
    return new HostPlatform(Optional.of(arch));
  }

  /** The host's architecture, when it is Linux on one pylayer targets. */
  public Optional<Arch> arch() {
    return arch;
  }

  /** Whether a Linux binary for {@code target} runs here natively. */
  public boolean runsNatively(Arch target) {
    return arch.isPresent() && arch.get() == target;
  }

  /**
   * The command prefix that runs a {@code target} binary here: empty when it runs natively, qemu
   * when it is installed, nothing when the binary cannot run here.
   */
  public Optional<List<String>> launcherFor(Arch target) {
    if (runsNatively(target)) {
      return Optional.of(List.of());
    }
    if (arch.isEmpty()) {
      return Optional.empty();
    }
    String machine = target.pbsName();
    for (String emulator : List.of("qemu-" + machine + "-static", "qemu-" + machine)) {
      Path found = CommandRunner.findOnPath(emulator);
      if (found != null) {
        return Optional.of(List.of(found.toString()));
      }
    }
    return Optional.empty();
  }

  /** Why a {@code target} binary cannot run here, with what would let it. */
  public String cannotRunReason(Arch target) {
    return "the layer is for " + target.lambdaName() + " and this machine is "
        + arch.map(Arch::lambdaName).orElse(System.getProperty("os.name") + "/"
            + System.getProperty("os.arch"))
        + "; install qemu-user-static (qemu-" + target.pbsName() + "-static) to run it under"
        + " emulation";
  }
}
