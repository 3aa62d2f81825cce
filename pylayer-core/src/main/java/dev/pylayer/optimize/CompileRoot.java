package dev.pylayer.optimize;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory to byte-compile and the absolute POSIX path it will have at run time, e.g. the
 * build's {@code layer/python/lib/python3.11/site-packages} and {@code
 * /opt/python/lib/python3.11/site-packages}. The run-time path is what compiled code objects record
 * as their file name, so tracebacks on Lambda name real paths and the {@code .pyc} bytes do not
 * depend on where the build ran.
 */
public record CompileRoot(Path directory, String runtimePath) {

  public CompileRoot {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(runtimePath, "runtimePath");
    if (!runtimePath.startsWith("/")) {
      throw new IllegalArgumentException(
          "run-time path '" + runtimePath + "' must be absolute, like /opt/python/lib/python3.11");
    }
    directory = directory.toAbsolutePath().normalize();
  }
}
