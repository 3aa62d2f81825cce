package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the host interpreter for real. */
class PythonExecTest {
  private final PythonExec exec = PythonExec.create(LiteLlmSetup.hostPython());

  @Test
  void runsCodeAndCapturesBothStreams() {
    ExecResult result = exec.run("import sys\nprint('out', 'é')\nprint('err', file=sys.stderr)\nsys.exit(3)\n", Duration.ofSeconds(30));
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out é\n");
    assertThat(result.stderr()).isEqualTo("err\n");
    assertThat(result.timedOut()).isFalse();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.duration()).isPositive();
  }

  @Test
  void runtimeEnvironmentReachesTheCode() {
    PythonExec withEnv = PythonExec.create(LiteLlmSetup.hostPython().withEnvironment(Map.of("PYLAYER_TEST_VALUE", "42")));
    ExecResult result = withEnv.run("import os; print(os.environ['PYLAYER_TEST_VALUE'])", Duration.ofSeconds(30));
    assertThat(result.succeeded()).isTrue();
    assertThat(result.stdout().strip()).isEqualTo("42");
  }

  @Test
  void timeoutKillsTheProcessTree() throws Exception {
    // The child sleeps in a grandchild process; both must be gone after the timeout.
    String code = "import subprocess, sys, time\n"
        + "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])\n"
        + "print(child.pid, flush=True)\n"
        + "time.sleep(300)\n";
    ExecResult result = exec.run(code, Duration.ofMillis(1500));
    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    long grandchild = Long.parseLong(result.stdout().strip());
    var handle = ProcessHandle.of(grandchild);
    if (handle.isPresent()) {
      handle.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void timeoutHoldsForCodeLargerThanThePipeBuffer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path site) throws Exception {
    // The interpreter stalls before it reads its standard input (a sitecustomize that hangs, as a
    // slow import at start-up would), so 1 MB of code cannot be written: the timeout must still hold.
    java.nio.file.Files.writeString(site.resolve("sitecustomize.py"), "import time\ntime.sleep(60)\n");
    PythonExec stalled = PythonExec.create(LiteLlmSetup.hostPython().withEnvironment(Map.of("PYTHONPATH", site.toString())));
    String code = "x = 1\n".repeat((1 << 20) / 6 + 1) + "print('ran')\n";
    assertThat(code.length()).isGreaterThanOrEqualTo(1 << 20);

    long start = System.nanoTime();
    ExecResult result = stalled.run(code, Duration.ofSeconds(1));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result.timedOut()).isTrue();
    assertThat(result.stdout()).doesNotContain("ran");
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void verifyEnvironmentReportsInterpreterAndPackages() {
    EnvironmentReport report = exec.verifyEnvironment();
    ExecResult truth = exec.run("import platform, sys; print(platform.python_version()); print(sys.prefix)", Duration.ofSeconds(30));
    String[] lines = truth.stdout().strip().split("\n");
    assertThat(report.pythonVersion()).isEqualTo(lines[0]);
    assertThat(report.prefix()).isEqualTo(lines[1]);
    assertThat(report.executable()).isNotBlank();
    assertThat(report.platform()).startsWith("Linux");
    assertThat(report.packages().keySet()).containsExactlyElementsOf(EnvironmentReport.PACKAGES);
    // litellm is not installed on the host interpreter; it is reported absent, not as an error.
    assertThat(report.version("litellm")).isEmpty();
  }

  @Test
  void verifyEnvironmentSeesPackagesOnPythonPath() throws Exception {
    // A distribution made by the test: only its dist-info metadata matters to the check.
    java.nio.file.Path site = java.nio.file.Files.createTempDirectory("pylayer-site");
    try {
      java.nio.file.Path distInfo = java.nio.file.Files.createDirectories(site.resolve("tiktoken-9.8.7.dist-info"));
      java.nio.file.Files.writeString(distInfo.resolve("METADATA"), "Metadata-Version: 2.1\nName: tiktoken\nVersion: 9.8.7\n");
      EnvironmentReport report = PythonExec.create(LiteLlmSetup.hostPython().withEnvironment(Map.of("PYTHONPATH", site.toString())))
          .verifyEnvironment();
      assertThat(report.version("tiktoken")).hasValue("9.8.7");
    } finally {
      try (var walk = java.nio.file.Files.walk(site)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
