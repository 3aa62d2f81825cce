package dev.pylayer.doctor;

import dev.pylayer.pep.Arch;
import dev.pylayer.verify.HostPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a layer of each architecture can be smoke-tested here: natively, or under qemu user-mode
 * emulation with the target's glibc. Without it a build still runs, and skips the smoke test
 * with a notice.
 */
final class EmulationCheck implements DoctorCheck {

  @Override
  public List<Finding> run(DoctorEnvironment environment) {
    List<Finding> findings = new ArrayList<>();
    if (environment.hostArch().isEmpty()) {
      findings.add(Finding.warn("smoke", "this machine is not Linux on arm64 or x86_64: no"
          + " layer can be smoke-tested here", "build on Linux (arm64 or x86_64) to smoke-test"));
      return findings;
    }
    HostPlatform host = HostPlatform.of(environment.hostArch().get(), environment.programs());
    for (Arch target : Arch.values()) {
      String check = "smoke-" + target.lambdaName();
      if (host.runsNatively(target)) {
        findings.add(Finding.ok(check, target.lambdaName() + " layers run natively"));
        continue;
      }
      Optional<List<String>> launcher = host.launcherFor(target);
      if (launcher.isPresent()) {
        findings.add(Finding.ok(check, target.lambdaName() + " layers run under "
            + String.join(" ", launcher.get())));
      } else {
        String reason = host.cannotRunReason(target);
        int fix = reason.lastIndexOf("; install ");
        findings.add(Finding.warn(check, "smoke tests of " + target.lambdaName()
            + " layers are skipped: " + (fix < 0 ? reason : reason.substring(0, fix)),
            fix < 0 ? "" : "apt-get install qemu-user-static "
                + (target == Arch.ARM64 ? "libc6-arm64-cross" : "libc6-amd64-cross")));
      }
    }
    return findings;
  }
}
