package dev.pylayer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and captures its output (test helper). */
public final class Processes {

  /** Exit code and captured output of a finished process. */
  public static final class Result {
    private final List<String> command;
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    Result(List<String> command, int exitCode, String stdout, String stderr) {
      this.command = command;
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    public int exitCode() {
      return exitCode;
    }

    public String stdout() {
      return stdout;
    }

    public String stderr() {
      return stderr;
    }

    /** This result, or an exception with the output if the exit code is not 0. */
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new IllegalStateException(this.toString());
      }
      return this;
    }

    @Override
    public String toString() {
      return command + " exited with " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n"
          + stderr;
    }
  }

  private Processes() {}

  /**
   * Runs {@code command}; with {@code environment} non-null the child gets exactly that
   * environment (nothing inherited).
   */
  public static Result run(List<String> command, Map<String, String> environment, Path directory) {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (environment != null) {
      builder.environment().clear();
      builder.environment().putAll(environment);
    }
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within 10 minutes");
      }
      return new Result(command, process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  /** Runs {@code command} with the inherited environment. */
  public static Result run(String... command) {
    return run(List.of(command), null, null);
  }

  /** Whether {@code command --version} (or the given probe) runs and exits with 0. */
  public static boolean available(String... probe) {
    try {
      return run(probe).exitCode() == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** One thread per stream: the common pool may have a single worker on small machines. */
  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (InputStream in = stream) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        result.complete(bytes.toString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        result.completeExceptionally(new UncheckedIOException(e));
      }
    }, "process-output");
    reader.setDaemon(true);
    reader.start();
    return result;
  }
}
