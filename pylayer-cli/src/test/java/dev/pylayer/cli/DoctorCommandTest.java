package dev.pylayer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.process.CommandRunner;
import dev.pylayer.testing.LocalPackageIndex;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pylayer doctor} on this machine's PATH, on a PATH without qemu or binutils, against a
 * reachable index on 127.0.0.1 and one nobody listens on, with and without AWS settings.
 */
class DoctorCommandTest {

  static LocalPackageIndex index;

  @TempDir Path dir;

  @BeforeAll
  static void startIndex() throws IOException {
    index = LocalPackageIndex.start();
  }

  @AfterAll
  static void stopIndex() {
    index.close();
  }

  private Map<String, String> env(String path, String indexUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", path);
    env.put("PIP_CONFIG_FILE", "/dev/null");
    env.put("PIP_INDEX_URL", indexUrl);
    env.put("PYLAYER_CACHE", dir.resolve("cache").toString());
    return env;
  }

  @Test
  void thisMachineWithAReachableIndexCanBuild() throws IOException {
    CliRun cli = new CliRun(dir, env(System.getenv("PATH"), index.url()));

    int exit = cli.run("doctor");

    assertThat(exit).as(cli.stdout() + cli.stderr()).isZero();
    assertThat(cli.stdout())
        .contains("ok   jdk              Java " + Runtime.version().feature())
        .contains("ok   cache            " + dir.resolve("cache") + " (PYLAYER_CACHE) is writable")
        .contains("index " + index.url())
        .contains("(from environment variable PIP_INDEX_URL) is reachable")
        .containsPattern("catalog +\\d+ builds; newest: 3\\.10\\.")
        .contains("a default build can run on this machine");
    // Strip tools as this machine has them (.ci/run installs binutils for both targets).
    Path strip = CommandRunner.findOnPath("strip");
    if (strip != null) {
      assertThat(cli.stdout()).contains("ok   strip-x86_64     x86_64 native code is stripped with");
    }
    if (CommandRunner.findOnPath("qemu-aarch64-static") != null
        && Files.exists(Path.of("/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1"))) {
      assertThat(cli.stdout()).contains("ok   smoke-arm64      arm64 layers run under");
    }
  }

  @Test
  void aPathWithoutQemuOrBinutilsWarnsWithTheFixAndStillBuilds() throws IOException {
    Path emptyBin = Files.createDirectories(dir.resolve("bin"));
    CliRun cli = new CliRun(dir, env(emptyBin.toString(), index.url()));

    int exit = cli.run("doctor", "--json");

    assertThat(exit).as(cli.stdout() + cli.stderr()).isZero();
    JsonNode report = new ObjectMapper().readTree(cli.stdout());
    assertThat(report.get("can_build").asBoolean()).isTrue();
    JsonNode arm = finding(report, "smoke-arm64");
    assertThat(arm.get("status").asText()).isEqualTo("warn");
    assertThat(arm.get("summary").asText()).contains("smoke tests of arm64 layers are skipped");
    assertThat(arm.get("fix").asText()).contains("qemu-user-static", "libc6-arm64-cross");
    JsonNode strip = finding(report, "strip-arm64");
    assertThat(strip.get("status").asText()).isEqualTo("warn");
    assertThat(strip.get("fix").asText()).contains("binutils-aarch64-linux-gnu");
    assertThat(finding(report, "strip-x86_64").get("fix").asText())
        .contains("binutils-x86-64-linux-gnu");
  }

  @Test
  void anUnreachableIndexFailsWithExitOne() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nobody listens there
    }
    String url = "http://127.0.0.1:" + port + "/simple";
    CliRun cli = new CliRun(dir, env(System.getenv("PATH"), url));

    int exit = cli.run("doctor", "--timeout", "2");

    assertThat(exit).isEqualTo(1);
    assertThat(cli.stdout())
        .contains("FAIL index            index " + url + "/ (from environment variable"
            + " PIP_INDEX_URL) is not reachable")
        .contains("no other package source is reachable")
        .contains("fix: check the URL")
        .contains("a default build cannot run on this machine");
  }

  @Test
  void awsSettingsAreReportedByWhereTheyComeFromNeverByValue() throws IOException {
    Map<String, String> env = env(System.getenv("PATH"), index.url());
    env.put("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEYID0001");
    env.put("AWS_SECRET_ACCESS_KEY", "very-secret-value-123");
    env.put("AWS_REGION", "eu-west-1");
    CliRun cli = new CliRun(dir, env);

    assertThat(cli.run("doctor")).isZero();
    assertThat(cli.stdout())
        .contains("ok   aws-credentials  AWS credentials for publish: environment"
            + " (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)")
        .contains("ok   aws-region       AWS region for publish: eu-west-1 (AWS_REGION)")
        .doesNotContain("AKIAEXAMPLEKEYID0001").doesNotContain("very-secret-value-123");

    Path aws = Files.createDirectories(dir.resolve(".aws"));
    Files.writeString(aws.resolve("credentials"),
        "[ci]\naws_access_key_id = AKIAEXAMPLEKEYID0002\naws_secret_access_key = s3cr3t\n");
    Files.writeString(aws.resolve("config"), "[profile ci]\nregion = us-east-2\n");
    Map<String, String> profileEnv = env(System.getenv("PATH"), index.url());
    profileEnv.put("AWS_PROFILE", "ci");
    CliRun profile = new CliRun(dir, profileEnv);
    assertThat(profile.run("doctor")).isZero();
    assertThat(profile.stdout())
        .contains("AWS credentials for publish: profile 'ci' in " + aws.resolve("credentials"))
        .contains("AWS region for publish: us-east-2 (profile 'ci' in " + aws.resolve("config"))
        .doesNotContain("AKIAEXAMPLEKEYID0002").doesNotContain("s3cr3t");

    CliRun none = new CliRun(dir, env(System.getenv("PATH"), index.url()));
    Files.delete(aws.resolve("credentials"));
    Files.delete(aws.resolve("config"));
    assertThat(none.run("doctor")).isZero(); // publishing is optional
    assertThat(none.stdout()).contains("warn aws-credentials  no AWS credentials found")
        .contains("warn aws-region       no AWS region set");
  }

  @Test
  void anUnwritableCacheFails() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    Map<String, String> env = env(System.getenv("PATH"), index.url());
    env.put("PYLAYER_CACHE", file.resolve("cache").toString());
    CliRun cli = new CliRun(dir, env);

    assertThat(cli.run("doctor")).isEqualTo(1);
    assertThat(cli.stdout()).contains("FAIL cache").contains("is not writable")
        .contains("fix: make it writable, or point PYLAYER_CACHE at a writable directory");
  }

  private static JsonNode finding(JsonNode report, String check) {
    for (JsonNode f : report.get("findings")) {
      if (f.get("check").asText().equals(check)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + check + " in " + report);
  }
}
