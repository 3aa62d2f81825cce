package dev.pylayer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.testing.LayerBuildFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
  CliRun cli;

  @BeforeEach
  void cli() {
    cli = new CliRun(dir);
  }

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
    int exit = cli.run(buildArgs("--json"));

    assertThat(exit).as(cli.stderr()).isZero();
    JsonNode reports = new ObjectMapper().readTree(cli.stdout());
    assertThat(reports).hasSize(1);
    JsonNode report = reports.get(0);
    assertThat(report.get("zip").asText()).isEqualTo("python-demo-x86_64.zip");
    assertThat(report.get("smoke").get("ok").asBoolean()).isTrue();
    Path zip = dir.resolve("out/layer-build-x86_64/python-demo-x86_64.zip");
    assertThat(report.get("zip_bytes").asLong()).isEqualTo(Files.size(zip));
    assertThat(cli.stderr()).contains("pylayer: x86_64: installing 6 wheels");

    cli.reset();
    assertThat(cli.run("inspect", "out/layer-build-x86_64/python-demo-x86_64.zip")).isZero();
    assertThat(cli.stdout())
        .contains("python-demo-x86_64.zip")
        .contains(report.get("sha256").asText())
        .contains("x86_64, zip layout") // the default at --optimize balanced
        .contains("python     3.11")
        .containsPattern("nativepkg +1\\.0")
        .containsPattern("ns-one +1\\.0");

    cli.reset();
    assertThat(cli.run("verify", "out/layer-build-x86_64/python-demo-x86_64.zip"))
        .as(cli.stderr()).isZero();
    assertThat(cli.stdout()).containsPattern("interpreter +ok +Python 3\\.11")
        .containsPattern("layout +ok +zip: ").contains("matches report.json");

    // One byte appended to a copy: the hash no longer matches, and verify says so.
    Path copy = Files.createDirectories(dir.resolve("copy"));
    Files.copy(zip, copy.resolve("layer.zip"));
    Files.copy(zip.resolveSibling("report.json"), copy.resolve("report.json"));
    Files.write(copy.resolve("layer.zip"), new byte[] {0},
        java.nio.file.StandardOpenOption.APPEND);
    cli.reset();
    assertThat(cli.run("verify", "copy/layer.zip")).isEqualTo(1);
    assertThat(cli.stderr()).contains("is not what report.json says")
        .contains("sha256: the zip's sha256 is");

    cli.reset();
    assertThat(cli.run("inspect", "--json", zip.toString())).isZero();
    JsonNode inspected = new ObjectMapper().readTree(cli.stdout());
    assertThat(inspected.get("zip_bytes").asLong()).isEqualTo(Files.size(zip));
    assertThat(inspected.get("packages")).hasSize(6);
  }

  @Test
  void overBudgetExitsOneWithTheReasonAndNoZip() throws IOException {
    int exit = cli.run(buildArgs("--max-size", "1"));

    assertThat(exit).isEqualTo(1);
    assertThat(cli.stderr()).contains("pylayer: error: x86_64, check budget: the layer zip is")
        .contains("over the budget of 1.0 MB");
    assertThat(dir.resolve("out/layer-build-x86_64/python-demo-x86_64.zip")).doesNotExist();
  }

  @Test
  void badOptionsExitTwoNamingTheValue() throws IOException {
    assertThat(cli.run(buildArgs("--arch", "sparc"))).isEqualTo(2);
    assertThat(cli.stderr()).contains("sparc");
    cli.reset();
    assertThat(cli.run(buildArgs("--layout", "tar"))).isEqualTo(2);
    assertThat(cli.stderr()).contains("layout 'tar' is not known");
    cli.reset();
    assertThat(cli.run("build", "--python-archive", "x.tar.gz")).isEqualTo(2);
    assertThat(cli.stderr()).contains("has no sha256");
    cli.reset();
    assertThat(cli.run("build", "--no-such-option")).isEqualTo(2);
    assertThat(cli.stderr()).contains("--no-such-option");
  }

  @Test
  void inspectOfAMissingFileExitsOne() {
    assertThat(cli.run("inspect", "nope.zip")).isEqualTo(1);
    assertThat(cli.stderr()).contains("nope.zip does not exist");
  }

  @Test
  void helpListsTheCommands() {
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.stdout()).contains("build", "inspect");
  }

  @Test
  void relativeDotDotAndAbsoluteOutputsGiveByteIdenticalZips() throws IOException {
    List<String> outs = List.of(".", "sub/dir", "sub/../other/.", dir.resolve("abs").toString());
    java.util.Set<String> hashes = new java.util.HashSet<>();
    for (String out : outs) {
      cli.reset();
      assertThat(cli.run(buildArgsTo(out))).as(cli.stderr()).isZero();
      Path target = dir.resolve(out).normalize().resolve("layer-build-x86_64");
      hashes.add(dev.pylayer.files.Sha256.of(target.resolve("python-demo-x86_64.zip")));
      assertThat(target.resolve("layer/python/lib/python3.11/site-packages/app")).doesNotExist();
    }
    assertThat(hashes).hasSize(1);
    assertThat(dir.resolve("sub/dir/layer-build-x86_64")).isDirectory();
    assertThat(dir.resolve("other/layer-build-x86_64")).isDirectory();
  }

  @Test
  void errorsNameTheFileAndTheProblemWithoutJavaClassNames() throws IOException {
    Files.writeString(dir.resolve("not-a-zip.zip"), "hello");
    assertThat(cli.run("inspect", "not-a-zip.zip")).isEqualTo(1);
    assertThat(cli.stderr()).contains("not-a-zip.zip").doesNotContain("Zip:", "Exception");
    cli.reset();
    Files.writeString(dir.resolve("a-file"), "");
    assertThat(cli.run(buildArgsTo("a-file/out"))).isEqualTo(1);
    assertThat(cli.stderr()).contains("a-file").doesNotContain("IO:", "FileSystem", "Exception");
  }

  private String[] buildArgs(String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of(buildArgsTo("out")));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  private String[] buildArgsTo(String out, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("build",
        "--arch", "x86_64",
        "--name", "demo",
        "--no-index", "--find-links", fixture.wheels.toString(),
        "-r", fixture.allRequirements(dir).toString(),
        "--python-archive", fixture.python.path().toString(),
        "--python-sha256", fixture.python.sha256(),
        "--smoke-code", LayerBuildFixture.SMOKE,
        "--out", out));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }
}
