package dev.pylayer.cli;

import dev.pylayer.pipeline.LayerReport;
import dev.pylayer.pipeline.ReportClaims;
import dev.pylayer.pipeline.ReportJson;
import dev.pylayer.verify.HostPlatform;
import dev.pylayer.verify.LayerVerifier;
import dev.pylayer.verify.VerifyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pylayer verify ZIP}: checks a layer zip against the report.json that describes it. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks that a layer zip is what its report.json says: sha256 and size, unzipped size"
          + " (Lambda's 250 MB limit), layout (what is in site-packages.zip, what is a directory,"
          + " nothing unreported installed), no file left of dropped distributions (and"
          + " nothing but pylayer's stand-in of those it replaced), an"
          + " executable interpreter that starts (from a read-only copy; under qemu for a"
          + " foreign architecture, else 'not checked'), no ELF file with an absolute RUNPATH"
          + " or RPATH outside the layer.",
      "pylayer build runs the same checks before it publishes a layer."
    },
    footer = {"", "Example:",
      "  pylayer verify layer-build-arm64/python-litellm-arm64.zip",
      "",
      "Exit status: 0 every check passed (or could not run here), 1 a check failed or the"
          + " files cannot be read, 2 bad options."})
final class VerifyCommand implements Callable<Integer> {

  private final CliEnvironment environment;

  VerifyCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Parameters(paramLabel = "ZIP", description = "The layer zip.")
  Path zip;

  @Option(names = "--report", paramLabel = "FILE",
      description = "The report to check against (default: report.json beside the zip).")
  Path report;

  @Override
  public Integer call() throws IOException {
    Path file = environment.workingDir().resolve(zip).normalize();
    if (!Files.isRegularFile(file)) {
      environment.err().println("pylayer: error: " + zip + " does not exist or is not a file:"
          + " give the path of a layer zip");
      return 1;
    }
    Path reportFile = report != null ? environment.workingDir().resolve(report).normalize()
        : file.resolveSibling("report.json");
    if (!Files.isRegularFile(reportFile)) {
      environment.err().println("pylayer: error: " + reportFile + " does not exist: give the"
          + " layer's report with --report FILE");
      return 1;
    }
    LayerReport layerReport;
    try {
      layerReport = ReportJson.read(reportFile);
    } catch (IOException e) {
      environment.err().println("pylayer: error: " + reportFile + " is not a pylayer report.json ("
          + e.getMessage().lines().findFirst().orElse("") + ")");
      return 1;
    }
    VerifyResult result = new LayerVerifier(HostPlatform.current(), Duration.ofMinutes(2))
        .verify(file, ReportClaims.of(layerReport));
    for (VerifyResult.Check check : result.checks()) {
      environment.out().printf("%-12s %-11s %s%n", check.name(), check.status().label(),
          check.detail());
    }
    if (!result.ok()) {
      environment.err().println("pylayer: error: " + zip + " is not what " + reportFile
          .getFileName() + " says:\n" + result.failureText());
      return 1;
    }
    environment.out().println(zip + ": matches " + reportFile.getFileName());
    return 0;
  }
}
