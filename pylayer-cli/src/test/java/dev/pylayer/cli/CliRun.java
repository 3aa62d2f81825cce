package dev.pylayer.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the command line in-process as a user would, in a working directory of its own with its
 * own cache and no pip configuration, capturing what it prints.
 */
final class CliRun {

  private final Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private final Map<String, String> env;

  CliRun(Path dir) {
    this(dir, Map.of("PIP_CONFIG_FILE", "/dev/null", "PYLAYER_CACHE",
        dir.resolve("cache").toString()));
  }

  /** A run with exactly these environment variables. */
  CliRun(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = Map.copyOf(env);
  }

  /** Runs {@code pylayer args...} and returns its exit status. */
  int run(String... args) {
    CliEnvironment environment = new CliEnvironment(
        env, dir, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return PylayerCommand.commandLine(environment).execute(args);
  }

  /** Everything printed to stdout since the last {@link #reset}. */
  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Everything printed to stderr since the last {@link #reset}. */
  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what was printed, before the next command. */
  void reset() {
    out.reset();
    err.reset();
  }
}
