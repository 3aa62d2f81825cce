package dev.pylayer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.files.Sha256;
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

/** {@code pylayer lock}, and {@code build} installing from its lock, run in-process. */
class LockCommandTest {

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
  void lockWritesTheLockAndTheExportThenBuildInstallsFromIt() throws IOException {
    Path loose = fixture.requirements(dir, "app", "helper<2", "nativepkg", "datapkg", "ns-one",
        "ns-two");

    int exit = cli.run(args("lock", loose, "--export-requirements", "requirements.lock.txt"));

    assertThat(exit).as(cli.stderr()).isZero();
    assertThat(cli.stdout()).contains("locked 6 packages into pylock.toml")
        .contains("x86_64-cp311-manylinux_2_34: 6 wheels");
    String lock = Files.readString(dir.resolve("pylock.toml"));
    assertThat(lock).contains("name = \"helper\"\nversion = \"1.0\"");
    String export = Files.readString(dir.resolve("requirements.lock.txt"));
    assertThat(export).contains("helper==1.0 \\\n    --hash=sha256:"
        + Sha256.of(fixture.wheels.resolve("helper-1.0-py3-none-any.whl")));

    cli.reset();
    assertThat(cli.run(
        args("build", loose, "--smoke-code", LayerBuildFixture.SMOKE, "--out", "out")))
        .as(cli.stderr()).isZero();
    assertThat(cli.stderr()).doesNotContain("resolving").contains("installing 6 wheels");
    assertThat(Files.readString(dir.resolve("pylock.toml"))).isEqualTo(lock);
  }

  @Test
  void buildRefusesALockMadeFromAnotherSpecAndUpgradeRelocks() throws IOException {
    assertThat(cli.run(args("lock", fixture.requirements(dir, "app")))).as(cli.stderr()).isZero();
    cli.reset();

    Path changed = fixture.requirements(dir, "app", "datapkg");
    assertThat(cli.run(args("build", changed, "--no-smoke"))).isEqualTo(1);
    assertThat(cli.stderr()).contains("pylayer: error: the spec changed since pylock.toml was made:"
        + " run pylayer lock");

    cli.reset();
    assertThat(cli.run(
        args("lock", changed, "-o", "other.lock.toml", "--upgrade-package", "helper")))
        .as(cli.stderr()).isZero();
    assertThat(Files.readString(dir.resolve("other.lock.toml"))).contains("name = \"datapkg\"");
  }

  @Test
  void anUnsatisfiableSetExitsOneWithTheExplanation() throws IOException {
    int exit = cli.run(args("lock", fixture.requirements(dir, "app", "helper<1.0")));

    assertThat(exit).isEqualTo(1);
    assertThat(cli.stderr()).contains("pylayer: error: cannot lock for x86_64/cp311/manylinux_2_34")
        .contains("Because you require helper<1.0 and there is no version of helper<1.0");
    assertThat(dir.resolve("pylock.toml")).doesNotExist();
  }

  @Test
  void helpListsLockAndItsOptions() {
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.stdout()).contains("lock");
    cli.reset();
    assertThat(cli.run("lock", "--help")).isZero();
    assertThat(cli.stdout()).contains("--upgrade-package", "--export-requirements", "--find-links",
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
}
