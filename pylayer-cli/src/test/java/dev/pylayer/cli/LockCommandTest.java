package dev.pylayer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.fetch.Sha256;
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

/** {@code pylayer lock}, and {@code build} installing from its lock, run in-process. */
class LockCommandTest {

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
  void lockWritesTheLockAndTheExportThenBuildInstallsFromIt() throws IOException {
    Path loose = fixture.requirements(dir, "app", "helper<2", "nativepkg", "datapkg", "ns-one",
        "ns-two");

    int exit = run(args("lock", loose, "--export-requirements", "requirements.lock.txt"));

    assertThat(exit).as(stderr()).isZero();
    assertThat(stdout()).contains("locked 6 packages into pylock.toml")
        .contains("x86_64-cp311-manylinux_2_34: 6 wheels");
    String lock = Files.readString(dir.resolve("pylock.toml"));
    assertThat(lock).contains("name = \"helper\"\nversion = \"1.0\"");
    String export = Files.readString(dir.resolve("requirements.lock.txt"));
    assertThat(export).contains("helper==1.0 \\\n    --hash=sha256:"
        + Sha256.of(fixture.wheels.resolve("helper-1.0-py3-none-any.whl")));

    err.reset();
    out.reset();
    assertThat(run(args("build", loose, "--smoke-code", LayerBuildFixture.SMOKE, "--out", "out")))
        .as(stderr()).isZero();
    assertThat(stderr()).doesNotContain("resolving").contains("installing 6 wheels");
    assertThat(Files.readString(dir.resolve("pylock.toml"))).isEqualTo(lock);
  }

  @Test
  void buildRefusesALockMadeFromAnotherSpecAndUpgradeRelocks() throws IOException {
    assertThat(run(args("lock", fixture.requirements(dir, "app")))).as(stderr()).isZero();
    err.reset();

    Path changed = fixture.requirements(dir, "app", "datapkg");
    assertThat(run(args("build", changed, "--no-smoke"))).isEqualTo(1);
    assertThat(stderr()).contains("pylayer: error: the spec changed since pylock.toml was made:"
        + " run pylayer lock");

    err.reset();
    assertThat(run(args("lock", changed, "-o", "other.lock.toml", "--upgrade-package", "helper")))
        .as(stderr()).isZero();
    assertThat(Files.readString(dir.resolve("other.lock.toml"))).contains("name = \"datapkg\"");
  }

  @Test
  void anUnsatisfiableSetExitsOneWithTheExplanation() throws IOException {
    int exit = run(args("lock", fixture.requirements(dir, "app", "helper<1.0")));

    assertThat(exit).isEqualTo(1);
    assertThat(stderr()).contains("pylayer: error: cannot lock for x86_64/cp311/manylinux_2_34")
        .contains("Because you require helper<1.0 and there is no version of helper<1.0");
    assertThat(dir.resolve("pylock.toml")).doesNotExist();
  }

  @Test
  void helpListsLockAndItsOptions() {
    assertThat(run("--help")).isZero();
    assertThat(stdout()).contains("lock");
    out.reset();
    assertThat(run("lock", "--help")).isZero();
    assertThat(stdout()).contains("--upgrade-package", "--export-requirements", "--find-links",
        "--python-archive");
  }

  private String[] args(String command, Path requirements, String... extra) {
    List<String> args = new ArrayList<>(List.of(command,
        "--arch", "x86_64",
        "--name", "demo",
        "--no-index", "--find-links", fixture.wheels.toString(),
        "-r", requirements.toString(),
        "--python-archive", fixture.python.path().toString(),
        "--python-sha256", fixture.python.sha256()));
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
