package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks examples/java-lambda without building it with Maven: its SAM template passes cfn-lint, and its
 * handler compiles for Java 21 against this module's classes. Each check is skipped when its tool is
 * missing (cfn-lint; a JDK 21+).
 */
class ExampleProjectTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "java-lambda").toAbsolutePath().normalize();

  @Test
  void samTemplatePassesCfnLint() throws Exception {
    Optional<Path> cfnLint = findOnPath("cfn-lint").or(() -> existing(Path.of("/root/.pyenv/versions/3.11.7/bin/cfn-lint")));
    assumeTrue(cfnLint.isPresent(), "cfn-lint is not installed");
    Result result = run(List.of(cfnLint.get().toString(), EXAMPLE.resolve("template.yaml").toString()));
    assertThat(result.output).isEmpty();
    assertThat(result.exitCode).isZero();
  }

  @Test
  void handlerCompilesForJava21(@TempDir Path out) throws Exception {
    Optional<Path> javac = jdk21Javac();
    assumeTrue(javac.isPresent(), "no JDK 21 or newer found (set JAVA21_HOME)");
    Optional<Path> lambdaCore = lambdaCoreJar();
    assumeTrue(lambdaCore.isPresent(), "aws-lambda-java-core is not on the test class path");
    Path classes = Path.of("target", "classes").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(javac.get().toString(), "--release", "21", "-Xlint:all", "-Werror",
        "-d", out.toString(), "-cp", classes + File.pathSeparator + lambdaCore.get()));
    try (var sources = Files.walk(EXAMPLE.resolve("src/main/java"))) {
      sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> command.add(p.toString()));
    }
    Result result = run(command);
    assertThat(result.output).isEmpty();
    assertThat(result.exitCode).isZero();
    assertThat(out.resolve("dev/pylayer/examples/ChatHandler.class")).exists();
  }

  private static Optional<Path> jdk21Javac() {
    List<Path> homes = new ArrayList<>();
    if (System.getenv("JAVA21_HOME") != null) {
      homes.add(Path.of(System.getenv("JAVA21_HOME")));
    }
    if (Runtime.version().feature() >= 21) {
      homes.add(Path.of(System.getProperty("java.home")));
    }
    homes.add(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
    homes.add(Path.of("/usr/lib/jvm/temurin-21-jdk-amd64"));
    for (Path home : homes) {
      Path javac = home.resolve("bin/javac");
      if (Files.isExecutable(javac) && release(home) >= 21) {
        return Optional.of(javac);
      }
    }
    return Optional.empty();
  }

  /** The feature version in a JDK's {@code release} file (JAVA_VERSION="25.0.1"), or 0. */
  private static int release(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(version.split("[.+-]")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** The jar Maven put on the test class path (a test-scoped dependency of this module). */
  private static Optional<Path> lambdaCoreJar() {
    try {
      var source = Class.forName("com.amazonaws.services.lambda.runtime.Context")
          .getProtectionDomain().getCodeSource();
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (ClassNotFoundException | java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> findOnPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> existing(Path path) {
    return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
  }

  private static final class Result {
    final int exitCode;
    final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }

  private static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command.get(0)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
