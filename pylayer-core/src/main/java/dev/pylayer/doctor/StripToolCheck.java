package dev.pylayer.doctor;

import dev.pylayer.optimize.NativeStripper;
import dev.pylayer.pep.Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * binutils' strip for each target (or llvm-strip, which handles both): without one, native
 * libraries keep their debug sections (15 MB or more on a LiteLLM layer), which can break the
 * 30 MB budget.
 */
final class StripToolCheck implements DoctorCheck {

  @Override
  public List<Finding> run(DoctorEnvironment environment) {
    List<Finding> findings = new ArrayList<>();
    for (Arch target : Arch.values()) {
      String check = "strip-" + target.lambdaName();
      Optional<NativeStripper> stripper = NativeStripper.forTarget(target,
          environment.hostArch(), environment.programs());
      if (stripper.isPresent()) {
        findings.add(Finding.ok(check, target.lambdaName() + " native code is stripped with "
            + stripper.get().describe()));
      } else {
        findings.add(Finding.warn(check, "no strip tool for " + target.lambdaName()
            + ": native libraries keep their debug sections (15 MB or more on a LiteLLM layer)",
            "apt-get install binutils-" + target.pbsName().replace('_', '-')
                + "-linux-gnu (or llvm for llvm-strip)"));
      }
    }
    return findings;
  }
}
