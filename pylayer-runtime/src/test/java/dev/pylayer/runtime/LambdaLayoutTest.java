package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client as it runs in Lambda: a fake filesystem root whose opt/python is laid out like the layer
 * (bin/python3.X and lib/python3.X linked to the host interpreter's), found through
 * AWS_LAMBDA_FUNCTION_NAME, run with PYTHONHOME and PYTHONPATH pointing into it.
 */
class LambdaLayoutTest {

  @Test
  void workerRunsOnTheLayerInterpreterWithLayerEnvironment(@TempDir Path root) throws Exception {
    ExecResult host = PythonExec.create(LiteLlmSetup.hostPython()).run(
        "import sys, sysconfig; print(sys.executable); print(sysconfig.get_paths()['stdlib']);"
            + " print('%d.%d' % sys.version_info[:2])", Duration.ofSeconds(30));
    String[] facts = host.stdout().strip().split("\n");
    Path executable = Path.of(facts[0]).toRealPath();
    Path stdlib = Path.of(facts[1]);
    String version = facts[2];
    Path home = root.resolve("opt/python");
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("lib"));
    Files.createSymbolicLink(home.resolve("bin/python" + version), executable);
    Files.createSymbolicLink(home.resolve("lib/python" + version), stdlib);

    PythonRuntime runtime = PythonRuntime.detect(Map.of("AWS_LAMBDA_FUNCTION_NAME", "chat"), root);
    assertThat(runtime.executable()).isEqualTo(home.resolve("bin/python" + version));

    EnvironmentReport report = PythonExec.create(runtime).verifyEnvironment();
    assertThat(report.prefix()).isEqualTo(home.toString());

    try (LiteLlmClient client = LiteLlmClient.create(LiteLlmClient.Options.builder()
        .runtime(runtime)
        .environment("PYTHONPATH", LiteLlmSetup.litellmDir().toString())
        .startTimeout(Duration.ofSeconds(120))
        .build())) {
      assertThat(client.start().pythonVersion()).startsWith(version + ".");
      ChatResponse response = client.completion(ChatRequest.builder("gpt-3.5-turbo")
          .message(ChatMessage.user("hi")).extra("mock_response", "from the layer").build());
      assertThat(response.content()).isEqualTo("from the layer");
    }
  }
}
