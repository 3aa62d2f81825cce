package dev.pylayer.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the commands read from the process they run in, so tests can run them in-process with a
 * private environment (cache, pip configuration) and capture their output.
 *
 * @param env environment variables
 * @param home the home directory
 * @param workingDir what relative paths are relative to
 * @param out where reports go
 * @param err where progress, warnings and errors go
 */
record CliEnvironment(Map<String, String> env, Path home, Path workingDir, PrintStream out,
    PrintStream err) {

  static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")),
        Path.of("").toAbsolutePath(), System.out, System.err);
  }
}
