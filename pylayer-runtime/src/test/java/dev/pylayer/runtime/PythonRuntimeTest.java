package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection against fake filesystem roots: the layer layout is made in a temp dir. */
class PythonRuntimeTest {
  @TempDir Path root;

  private static Path executable(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private void layerAt(Path home, String... minors) throws IOException {
    for (String minor : minors) {
      executable(home.resolve("bin/python3." + minor));
      Files.createDirectories(home.resolve("lib/python3." + minor));
    }
  }

  @Test
  void lambdaUsesTheLayerAtOptWithPythonHomeAndPath() throws IOException {
    layerAt(root.resolve("opt/python"), "11");
    executable(root.resolve("usr/bin/python3"));
    PythonRuntime runtime = PythonRuntime.detect(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn", "PATH", "/usr/bin"), root);
    assertThat(runtime.executable()).isEqualTo(root.resolve("opt/python/bin/python3.11"));
    assertThat(runtime.environment())
        .containsEntry("PYTHONHOME", root.resolve("opt/python").toString())
        .containsEntry("PYTHONPATH", root.resolve("opt/python/lib/python3.11").toString());
  }

  @Test
  void minorVersionComesFromTheLayerListingHighestFirst() throws IOException {
    layerAt(root.resolve("opt/python"), "9", "12");
    PythonRuntime runtime = PythonRuntime.detect(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn"), root);
    assertThat(runtime.executable().getFileName().toString()).isEqualTo("python3.12");
    assertThat(runtime.environment().get("PYTHONPATH")).endsWith("lib/python3.12");
  }

  @Test
  void layerWithoutVersionedNameFallsBackToLibListing() throws IOException {
    executable(root.resolve("opt/python/bin/python3"));
    Files.createDirectories(root.resolve("opt/python/lib/python3.13"));
    PythonRuntime runtime = PythonRuntime.detect(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn"), root);
    assertThat(runtime.executable()).isEqualTo(root.resolve("opt/python/bin/python3"));
    assertThat(runtime.environment().get("PYTHONPATH")).endsWith("lib/python3.13");
  }

  @Test
  void lambdaWithoutLayerSaysWhereItLookedAndWhatToDo() {
    assertThatThrownBy(() -> PythonRuntime.detect(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn"), root))
        .isInstanceOf(PythonNotFoundException.class)
        .hasMessageContaining(root.resolve("opt/python/bin").toString())
        .hasMessageContaining("is the pylayer layer attached")
        .hasMessageContaining("./pylayer build");
  }

  @Test
  void explicitInterpreterWinsEverywhere() throws IOException {
    layerAt(root.resolve("opt/python"), "11");
    Path custom = executable(root.resolve("custom/python"));
    PythonRuntime runtime = PythonRuntime.detect(Map.of("PYLAYER_PYTHON", "/custom/python", "AWS_LAMBDA_FUNCTION_NAME", "fn"), root);
    assertThat(runtime.executable()).isEqualTo(custom);
    assertThat(runtime.environment()).isEmpty();
    assertThatThrownBy(() -> PythonRuntime.detect(Map.of("PYLAYER_PYTHON", "/nope/python"), root))
        .hasMessageContaining("PYLAYER_PYTHON=/nope/python is not an executable file");
  }

  @Test
  void unpackedLayerDirIsRunLikeLambda() throws IOException {
    layerAt(root.resolve("build/layer/python"), "11");
    PythonRuntime runtime = PythonRuntime.detect(Map.of("PYLAYER_LAYER_DIR", "/build/layer", "PATH", "/usr/bin"), root);
    assertThat(runtime.executable()).isEqualTo(root.resolve("build/layer/python/bin/python3.11"));
    assertThat(runtime.environment()).containsEntry("PYTHONHOME", root.resolve("build/layer/python").toString());
    assertThat(PythonRuntime.ofLayer(root.resolve("build/layer")).executable()).isEqualTo(runtime.executable());
  }

  @Test
  void otherwisePython3OnPath() throws IOException {
    Path python = executable(root.resolve("second/python3"));
    Files.createDirectories(root.resolve("first"));
    PythonRuntime runtime = PythonRuntime.detect(Map.of("PATH", "/first:/second"), root);
    assertThat(runtime.executable()).isEqualTo(python);
    assertThat(runtime.origin()).isEqualTo("python3 on PATH");
  }

  @Test
  void nothingFoundListsEveryPlace() {
    assertThatThrownBy(() -> PythonRuntime.detect(Map.of("PATH", "/a:/b"), root))
        .isInstanceOf(PythonNotFoundException.class)
        .hasMessageContaining(root.resolve("a/python3").toString())
        .hasMessageContaining(root.resolve("b/python3").toString())
        .hasMessageContaining("set PYLAYER_PYTHON");
  }

  @Test
  void withEnvironmentAddsVariables() throws IOException {
    layerAt(root.resolve("opt/python"), "11");
    PythonRuntime runtime = PythonRuntime.detect(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn"), root).withEnvironment(Map.of("X", "1"));
    assertThat(runtime.environment()).containsKeys("PYTHONHOME", "PYTHONPATH", "X");
  }
}
