package dev.pylayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The build host's {@code python3}, resolved to the real interpreter binary (not a pyenv shim), so
 * tests can run it with a clean environment. Tests skip themselves when it is absent: {@code
 * assumeTrue(HostPython.find().isPresent())}.
 */
public final class HostPython {

  private static Optional<Path> cached;

  private HostPython() {}

  /** The real interpreter ({@code sys.executable}), if {@code python3} runs on this host. */
  public static synchronized Optional<Path> find() {
    if (cached == null) {
      cached = resolve();
    }
    return cached;
  }

  private static Optional<Path> resolve() {
    try {
      Process process =
          new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)")
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      Path executable = Path.of(out.strip()).toRealPath();
      return Files.isExecutable(executable) ? Optional.of(executable) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The result of one run: exit code, stdout and stderr. */
  public static final class Result {
    public final int exitCode;
    public final String stdout;
    public final String stderr;

    Result(int exitCode, String stdout, String stderr) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /**
   * Runs the host interpreter with {@code args} and exactly {@code environment} (nothing
   * inherited), from {@code workingDirectory}.
   */
  public static Result run(Path workingDirectory, Map<String, String> environment, String... args) {
    Path python = find().orElseThrow(() -> new IllegalStateException("no host python3"));
    List<String> command = new ArrayList<>();
    command.add(python.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    try {
      Path out = Files.createTempFile("python-out", ".txt");
      Path err = Files.createTempFile("python-err", ".txt");
      try {
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("python did not finish in 300 s: " + command);
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
