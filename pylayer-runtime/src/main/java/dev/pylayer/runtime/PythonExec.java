package dev.pylayer.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs one-off Python code in a fresh interpreter process (the seed's {@code runPython}), and checks
 * the environment (the seed's health check). For repeated LiteLLM calls use {@link LiteLlmClient},
 * which keeps one worker process instead of paying the interpreter start per call.
 */
public final class PythonExec {

  /** Output beyond this many bytes per stream is dropped (and marked) so a chatty script cannot exhaust the heap. */
  static final int MAX_CAPTURE_BYTES = 16 << 20;

  private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(60);

  private final PythonRuntime runtime;

  private PythonExec(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** Runs code on the interpreter {@link PythonRuntime#detect()} finds. */
  public static PythonExec create() {
    return new PythonExec(PythonRuntime.detect());
  }

  /** Runs code on {@code runtime}. */
  public static PythonExec create(PythonRuntime runtime) {
    return new PythonExec(runtime);
  }

  /** The interpreter this runs. */
  public PythonRuntime runtime() {
    return runtime;
  }

  /**
   * Runs {@code code} (fed to {@code python3 -} on standard input) and waits for it. A run that
   * exceeds {@code timeout} is killed together with every process it started, and its result has
   * {@link ExecResult#timedOut()} set.
   *
   * @throws UncheckedIOException when the interpreter cannot be started
   */
  public ExecResult run(String code, Duration timeout) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(timeout, "timeout");
    long start = System.nanoTime();
    Process process;
    try {
      process = runtime.processBuilder(List.of("-")).start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start Python " + runtime.executable() + " (" + runtime.origin() + "): " + e.getMessage(), e);
    }
    Capture stdout = Capture.start(process.getInputStream(), "stdout");
    Capture stderr = Capture.start(process.getErrorStream(), "stderr");
    feedStdin(process, code);
    boolean exited = Processes.waitFor(process, Math.max(1, timeout.toMillis()));
    if (!exited) {
      Processes.killTree(process);
      Processes.waitFor(process, 5_000);
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - start);
    int exitCode = process.isAlive() ? -1 : process.exitValue();
    return new ExecResult(exitCode, stdout.finish(), stderr.finish(), duration, !exited);
  }

  /**
   * Writes the code on its own thread: code larger than the pipe buffer blocks the writer until the
   * interpreter reads it, and an interpreter that stalls first must still be killed at the timeout.
   */
  private static void feedStdin(Process process, String code) {
    Thread feeder = new Thread(() -> {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(code.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The interpreter exited (or was killed) before reading all of its input; its exit code and
        // stderr tell why.
      }
    }, "pylayer-exec-stdin");
    feeder.setDaemon(true);
    feeder.start();
  }

  /**
   * Reports the interpreter's version, executable, prefix and platform and the installed versions of
   * LiteLLM and its key dependencies (read from package metadata, without importing them, so it is
   * quick). Use {@link LiteLlmClient#start()} to prove that {@code import litellm} works.
   *
   * @throws IllegalStateException when the interpreter cannot run the check; the message holds its stderr
   */
  public EnvironmentReport verifyEnvironment() {
    ExecResult result = run(EnvironmentReport.PROBE, VERIFY_TIMEOUT);
    if (!result.succeeded()) {
      throw new IllegalStateException(
          "environment check with "
              + runtime
              + " failed ("
              + (result.timedOut() ? "timed out after " + VERIFY_TIMEOUT.toSeconds() + " s" : Processes.describeExit(result.exitCode()))
              + "): "
              + result.stderr().strip());
    }
    String stdout = result.stdout().strip();
    String lastLine = stdout.substring(stdout.lastIndexOf('\n') + 1);
    return EnvironmentReport.fromJson(lastLine);
  }

  /** Drains one output stream on its own thread so the child never blocks on a full pipe. */
  private static final class Capture implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread thread;
    private boolean truncated;

    private Capture(InputStream in, String name) {
      this.in = in;
      this.thread = new Thread(this, "pylayer-exec-" + name);
      thread.setDaemon(true);
    }

    static Capture start(InputStream in, String name) {
      Capture capture = new Capture(in, name);
      capture.thread.start();
      return capture;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (this) {
            int room = MAX_CAPTURE_BYTES - bytes.size();
            if (n > room) {
              truncated = true;
            }
            bytes.write(buffer, 0, Math.max(0, Math.min(n, room)));
          }
        }
      } catch (IOException e) {
        // The stream closes when the process is killed; what was read so far is kept.
      }
    }

    String finish() {
      try {
        // A grandchild that outlives the interpreter may keep the pipe open: don't wait for it forever.
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return truncated ? text + "\n[pylayer: output truncated at " + (MAX_CAPTURE_BYTES >> 20) + " MiB]" : text;
      }
    }
  }
}
