package dev.pylayer.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with exactly the environment given (nothing inherited), no standard input, a
 * timeout that kills the whole process tree, and both output streams drained concurrently (so a
 * chatty child never blocks) and capped (so a runaway child cannot exhaust memory).
 */
public final class CommandRunner {

  private static final int DEFAULT_OUTPUT_CAP = 1 << 20;

  private final Map<String, String> environment;
  private final Path directory;
  private final Duration timeout;
  private final int outputCap;

  private CommandRunner(Map<String, String> environment, Path directory, Duration timeout,
      int outputCap) {
    this.environment = Map.copyOf(environment);
    this.directory = directory;
    this.timeout = timeout;
    this.outputCap = outputCap;
  }

  /** A runner with an empty environment, the current directory and a 10 minute timeout. */
  public static CommandRunner create() {
    return new CommandRunner(Map.of(), null, Duration.ofMinutes(10), DEFAULT_OUTPUT_CAP);
  }

  public CommandRunner environment(Map<String, String> value) {
    return new CommandRunner(value, directory, timeout, outputCap);
  }

  public CommandRunner directory(Path value) {
    return new CommandRunner(environment, value, timeout, outputCap);
  }

  public CommandRunner timeout(Duration value) {
    return new CommandRunner(environment, directory, Objects.requireNonNull(value), outputCap);
  }

  /** Keeps at most the last {@code bytes} bytes of each output stream. */
  public CommandRunner outputCap(int bytes) {
    return new CommandRunner(environment, directory, timeout, bytes);
  }

  /**
   * Runs {@code command} to completion or timeout.
   *
   * @throws IOException when the program cannot be started (not found, not executable, wrong
   *     architecture)
   */
  public CommandResult run(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    long start = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    boolean timedOut = false;
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new CommandResult(command, timedOut ? -1 : process.exitValue(),
          out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS), elapsed, timedOut);
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("cannot read the output of " + command.get(0) + ": " + e, e);
    }
  }

  /** Whether {@code program} can be found on {@code PATH} (of this JVM's environment). */
  public static boolean onPath(String program) {
    return findOnPath(program) != null;
  }

  /** {@code program}'s absolute path on this JVM's {@code PATH}, or null. */
  public static Path findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (java.nio.file.Files.isExecutable(candidate)
          && !java.nio.file.Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (InputStream in = stream) {
        TailBuffer tail = new TailBuffer(outputCap);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
          tail.write(buffer, n);
        }
        return tail.toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, runnable -> {
      Thread thread = new Thread(runnable, "pylayer-output-drain");
      thread.setDaemon(true);
      thread.start();
    });
  }

  /** The last {@code cap} bytes written. */
  private static final class TailBuffer {
    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;

    TailBuffer(int cap) {
      this.cap = cap;
    }

    void write(byte[] bytes, int length) {
      kept.write(bytes, 0, length);
      if (kept.size() > 2 * cap) {
        byte[] all = kept.toByteArray();
        kept.reset();
        kept.write(all, all.length - cap, cap);
        truncated = true;
      }
    }

    @Override
    public String toString() {
      byte[] all = kept.toByteArray();
      int from = Math.max(0, all.length - cap);
      String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
      return truncated || from > 0 ? "[... earlier output cut ...]\n" + text : text;
    }
  }
}
