package dev.pylayer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.testing.LayerBuildFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line run in-process, as a user runs it: real options, a real build from the host
 * CPython archive and wheels from a find-links directory, exit codes and output checked.
 */
class PylayerCliTest {

  @TempDir static Path shared;
  static LayerBuildFixture fixture;

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void fixture() throws IOException {
    fixture = LayerBuildFixture.create(shared);
  }

  @AfterAll
  static void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void buildWritesTheLayerAndPrintsItsReportThenInspectReadsItBack() throws IOException {
    int exit = run(buildArgs("--json"));

    assertThat(exit).as(stderr()).isZero();
    JsonNode reports = new ObjectMapper().readTree(stdout());
    assertThat(reports).hasSize(1);
    JsonNode report = reports.get(0);
    assertThat(report.get("zip").asText()).isEqualTo("python-demo-x86_64.zip");
    assertThat(report.get("smoke").get("ok").asBoolean()).isTrue();
    Path zip = dir.resolve("out/layer-build-x86_64/python-demo-x86_64.zip");
    assertThat(report.get("zip_bytes").asLong()).isEqualTo(Files.size(zip));
    assertThat(stderr()).contains("pylayer: x86_64: installing 6 wheels");

    out.reset();
    assertThat(run("inspect", "out/layer-build-x86_64/python-demo-x86_64.zip")).isZero();
    assertThat(stdout())
        .contains("python-demo-x86_64.zip")
        .contains(report.get("sha256").asText())
        .contains("x86_64, zip layout") // the default at --optimize balanced
        .contains("python     3.11")
        .containsPattern("nativepkg +1\\.0")
        .containsPattern("ns-one +1\\.0");

    out.reset();
    assertThat(run("inspect", "--json", zip.toString())).isZero();
    JsonNode inspected = new ObjectMapper().readTree(stdout());
    assertThat(inspected.get("zip_bytes").asLong()).isEqualTo(Files.size(zip));
    assertThat(inspected.get("packages")).hasSize(6);
  }

  @Test
  void overBudgetExitsOneWithTheReasonAndNoZip() throws IOException {
    int exit = run(buildArgs("--max-size", "1"));

    assertThat(exit).isEqualTo(1);
    assertThat(stderr()).contains("pylayer: error: the layer zip is")
        .contains("over the budget of 1.0 MB");
    assertThat(dir.resolve("out/layer-build-x86_64/python-demo-x86_64.zip")).doesNotExist();
  }

  @Test
  void badOptionsExitTwoNamingTheValue() throws IOException {
    assertThat(run(buildArgs("--arch", "sparc"))).isEqualTo(2);
    assertThat(stderr()).contains("sparc");
    err.reset();
    assertThat(run(buildArgs("--layout", "tar"))).isEqualTo(2);
    assertThat(stderr()).contains("layout 'tar' is not known");
    err.reset();
    assertThat(run("build", "--python-archive", "x.tar.gz")).isEqualTo(2);
    assertThat(stderr()).contains("has no sha256");
    err.reset();
    assertThat(run("build", "--no-such-option")).isEqualTo(2);
    assertThat(stderr()).contains("--no-such-option");
  }

  @Test
  void inspectOfAMissingFileExitsOne() {
    assertThat(run("inspect", "nope.zip")).isEqualTo(1);
    assertThat(stderr()).contains("nope.zip does not exist");
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(stdout()).contains("build", "inspect");
  }

  private String[] buildArgs(String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("build",
        "--arch", "x86_64",
        "--name", "demo",
        "--no-index", "--find-links", fixture.wheels.toString(),
        "-r", fixture.allRequirements(dir).toString(),
        "--python-archive", fixture.python.path().toString(),
        "--python-sha256", fixture.python.sha256(),
        "--smoke-code", LayerBuildFixture.SMOKE,
        "--out", "out"));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  private int run(String... args) {
    CliEnvironment environment = new CliEnvironment(
        Map.of("PIP_CONFIG_FILE", "/dev/null", "PYLAYER_CACHE", dir.resolve("cache").toString()),
        dir, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return PylayerCommand.commandLine(environment).execute(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
