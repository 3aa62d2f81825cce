package dev.pylayer.cli;

import dev.pylayer.pipeline.LayerInspector;
import dev.pylayer.pipeline.LayerReport;
import dev.pylayer.pipeline.ReportJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pylayer inspect ZIP}: the size report of any layer zip. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Prints the size report of a layer zip (any layer, not only pylayer's): sizes,"
        + " sha256, interpreter, and every package with its bytes.",
    footer = {"", "Example:", "  pylayer inspect layer-build-arm64/python-litellm-arm64.zip"})
final class InspectCommand implements Callable<Integer> {

  private final CliEnvironment environment;

  InspectCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Parameters(paramLabel = "ZIP", description = "The layer zip.")
  Path zip;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path file = environment.workingDir().resolve(zip);
    if (!Files.isRegularFile(file)) {
      environment.err().println("pylayer: " + zip + " does not exist or is not a file: give the path of"
          + " a layer zip");
      return 1;
    }
    LayerReport report;
    try {
      report = LayerInspector.inspect(file);
    } catch (java.util.zip.ZipException e) {
      environment.err().println("pylayer: error: " + zip + " is not a readable zip file ("
          + e.getMessage() + "): give the path of a layer zip");
      return 1;
    }
    if (report.unzippedBytes() > dev.pylayer.verify.LayerVerifier.UNZIPPED_LIMIT) {
      environment.err().printf("pylayer: warning: %s unzips to %.1f MB, over Lambda's 250 MB"
          + " limit for a function and all its layers: it cannot be deployed as a layer%n", zip,
          report.unzippedBytes() / 1_000_000.0);
    }
    if (json) {
      environment.out().println(ReportJson.toJson(report));
    } else {
      ReportPrinter.print(report, zip.toString(), environment.out());
    }
    return 0;
  }
}
