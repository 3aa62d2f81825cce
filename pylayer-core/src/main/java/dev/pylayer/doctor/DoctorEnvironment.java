package dev.pylayer.doctor;

import dev.pylayer.index.IndexSettings;
import dev.pylayer.interpreter.PbsCatalog;
import dev.pylayer.pep.Arch;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the doctor examines: the environment variables (PATH, pip's and AWS's settings), the home
 * and working directories, the JDK's version, the host architecture, the catalog and the index
 * settings of the spec (if any). Programs are looked up on this environment's PATH, not the
 * JVM's, so a test can take tools away.
 *
 * @param env environment variables
 * @param home home directory (pip.conf, ~/.aws, the default cache)
 * @param workingDir where pylayer.toml would be read
 * @param javaFeatureVersion the running JDK's feature version, e.g. 17
 * @param hostArch this machine's architecture, empty when pylayer has no layers for it
 * @param catalog the interpreter catalog
 * @param specIndex index settings of the spec (pylayer.toml's [index]); empty when none
 * @param specSource where {@code specIndex} came from, for messages
 * @param networkTimeout how long one reachability probe may take
 */
public record DoctorEnvironment(Map<String, String> env, Path home, Path workingDir,
    int javaFeatureVersion, Optional<Arch> hostArch, PbsCatalog catalog,
    IndexSettings specIndex, String specSource, Duration networkTimeout) {

  public DoctorEnvironment {
    env = Map.copyOf(env);
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(hostArch, "hostArch");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(specIndex, "specIndex");
    Objects.requireNonNull(networkTimeout, "networkTimeout");
  }

  /** {@code program}'s path on this environment's {@code PATH}, or null. */
  public Path findOnPath(String program) {
    String path = env.get("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** {@link #findOnPath(String)} as a function. */
  public Function<String, Path> programs() {
    return this::findOnPath;
  }
}
