package dev.pylayer.verify;

import dev.pylayer.pep.Arch;
import dev.pylayer.process.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The machine pylayer runs on: its architecture, and how (if at all) it can run a program built
 * for another one (qemu user-mode emulation, as Debian's qemu-user-static installs it).
 */
public final class HostPlatform {

  /**
   * Where glibc's dynamic loader of each architecture lives. A python-build-standalone interpreter
   * is linked against glibc, so qemu must find the target's loader and libc: at this path (a
   * multiarch install, binfmt-ready) or under a cross sysroot given to qemu with {@code -L}.
   */
  private static final Map<Arch, String> LOADERS = Map.of(
      Arch.ARM64, "lib/ld-linux-aarch64.so.1",
      Arch.X86_64, "lib64/ld-linux-x86-64.so.2");

  /** Debian's cross sysroots (libc6-arm64-cross, libc6-amd64-cross). */
  private static final Map<Arch, String> CROSS_ROOTS = Map.of(
      Arch.ARM64, "usr/aarch64-linux-gnu",
      Arch.X86_64, "usr/x86_64-linux-gnu");

  private static final Map<Arch, String> CROSS_LIBC_PACKAGES = Map.of(
      Arch.ARM64, "libc6-arm64-cross",
      Arch.X86_64, "libc6-amd64-cross");

  private final Optional<Arch> arch;
  private final Path root;
  private final Function<String, Path> findOnPath;

  private HostPlatform(Optional<Arch> arch, Path root, Function<String, Path> findOnPath) {
    this.arch = arch;
    this.root = root;
    this.findOnPath = findOnPath;
  }

  private HostPlatform(Optional<Arch> arch) {
    this(arch, Path.of("/"), CommandRunner::findOnPath);
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

  /**
   * A host of a given architecture whose programs are found by {@code findOnPath} (null when
   * absent), e.g. on another environment's PATH ({@code pylayer doctor}).
   */
  public static HostPlatform of(Arch arch, Function<String, Path> findOnPath) {
    return new HostPlatform(Optional.of(arch), Path.of("/"), findOnPath);
  }

  /**
   * A host of a given architecture whose files are under {@code root} and whose programs are
   * found by {@code findOnPath} (null when absent), for tests.
   */
  static HostPlatform of(Arch arch, Path root, Function<String, Path> findOnPath) {
    return new HostPlatform(Optional.of(arch), root, findOnPath);
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
    Optional<Path> emulator = emulator(target);
    if (emulator.isEmpty()) {
      return Optional.empty();
    }
    if (Files.exists(root.resolve(LOADERS.get(target)))) {
      return Optional.of(List.of(emulator.get().toString()));
    }
    Path sysroot = root.resolve(CROSS_ROOTS.get(target));
    if (Files.exists(sysroot.resolve(LOADERS.get(target)))) {
      return Optional.of(List.of(emulator.get().toString(), "-L", sysroot.toString()));
    }
    return Optional.empty();
  }

  private Optional<Path> emulator(Arch target) {
    String machine = target.pbsName();
    for (String name : List.of("qemu-" + machine + "-static", "qemu-" + machine)) {
      Path found = findOnPath.apply(name);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  /** Why a {@code target} binary cannot run here, with what would let it. */
  public String cannotRunReason(Arch target) {
    String machine = "the layer is for " + target.lambdaName() + " and this machine is "
        + arch.map(Arch::lambdaName).orElse(System.getProperty("os.name") + "/"
            + System.getProperty("os.arch"));
    if (arch.isPresent() && emulator(target).isPresent()) {
      return machine + ", and qemu finds no " + target.lambdaName() + " glibc (neither /"
          + LOADERS.get(target) + " nor /" + CROSS_ROOTS.get(target) + "); install "
          + CROSS_LIBC_PACKAGES.get(target) + " to run it under emulation";
    }
    return machine + "; install qemu-user-static (qemu-" + target.pbsName() + "-static) and "
        + CROSS_LIBC_PACKAGES.get(target) + " to run it under emulation";
  }
}
