package dev.pylayer.cli;

import dev.pylayer.doctor.Doctor;
import dev.pylayer.doctor.DoctorEnvironment;
import dev.pylayer.doctor.DoctorReport;
import dev.pylayer.index.IndexSettings;
import dev.pylayer.interpreter.PbsCatalog;
import dev.pylayer.pipeline.SpecOverrides;
import dev.pylayer.verify.HostPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pylayer doctor}: what this machine can do and lacks, each lack with its fix. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Checks this machine for building and publishing layers: JDK, cache directory, the package"
          + " index a build would use (and where it is configured), the interpreter catalog,"
          + " qemu and the target glibc for smoke tests of the other architecture, strip tools,"
          + " AWS credentials and region for publish (where they come from, never their values).",
      "Each finding is ok, warn (a build runs with less) or FAIL (a default build cannot run),"
          + " with its fix."
    },
    footer = {
      "",
      "Examples:",
      "  pylayer doctor",
      "  pylayer doctor --json | jq '.findings[] | select(.status != \"ok\")'",
      "",
      "Exit status: 0 a default build can run here, 1 it cannot (see the FAIL lines)."
    })
final class DoctorCommand implements Callable<Integer> {

  private final CliEnvironment environment;

  DoctorCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Option(names = "--spec", paramLabel = "FILE",
      description = "The spec whose [index] a build would use (default: ./pylayer.toml if it"
          + " exists).")
  Path spec;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "How long each index probe may take (default: 5).")
  double timeoutSeconds = 5;

  @Option(names = "--json", description = "Print the findings as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Path workingDir = environment.workingDir();
    SpecOverrides overrides = SpecOverrides.builder().specFile(spec).build();
    Optional<Path> specFile = overrides.specFileIn(workingDir);
    IndexSettings specIndex = specFile.isPresent()
        ? overrides.resolve(workingDir).index() : IndexSettings.empty();
    DoctorEnvironment doctorEnvironment = new DoctorEnvironment(environment.env(),
        environment.home(), workingDir, Runtime.version().feature(),
        HostPlatform.current().arch(), PbsCatalog.bundled(), specIndex,
        specFile.map(f -> f + " [index]").orElse("no spec"),
        Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000))));
    DoctorReport report = Doctor.examine(doctorEnvironment);
    environment.out().print(json ? report.toJson() + System.lineSeparator() : report.toText());
    return report.canBuild() ? 0 : 1;
  }
}
