package dev.pylayer.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python interpreter and the environment variables it needs, e.g. the layer's {@code
 * /opt/python/bin/python3.11} with {@code PYTHONHOME=/opt/python} and {@code
 * PYTHONPATH=/opt/python/lib/python3.11}.
 *
 * <p>{@link #detect()} looks, in this order, at:
 *
 * <ol>
 *   <li>{@code PYLAYER_PYTHON}: an interpreter path given explicitly (run with the inherited
 *       environment); it wins everywhere, also in Lambda, because it is an explicit choice;
 *   <li>in AWS Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} set): the layer unpacked at {@code
 *       /opt/python}, as the seed runs it;
 *   <li>{@code PYLAYER_LAYER_DIR}: an unpacked layer (a directory holding {@code python/}), run
 *       with the same environment as in Lambda but rooted there;
 *   <li>{@code python3} on {@code PATH}.
 * </ol>
 *
 * The minor version X of {@code python3.X} is found by listing the layer's {@code bin/} (or {@code
 * lib/}) directory, so the same code serves 3.10 to 3.14 layers.
 */
public final class PythonRuntime {

  /** Environment variable naming an interpreter explicitly. */
  public static final String PYLAYER_PYTHON = "PYLAYER_PYTHON";

  /** Environment variable naming an unpacked layer directory (one that holds {@code python/}). */
  public static final String PYLAYER_LAYER_DIR = "PYLAYER_LAYER_DIR";

  private static final Pattern VERSIONED_PYTHON = Pattern.compile("python3\\.(\\d+)");

  private final Path executable;
  private final Map<String, String> environment;
  private final String origin;

  private PythonRuntime(Path executable, Map<String, String> environment, String origin) {
    this.executable = executable;
    this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    this.origin = origin;
  }

  /** An interpreter given explicitly, run with the inherited environment. */
  public static PythonRuntime of(Path executable) {
    return of(executable, Map.of());
  }

  /** An interpreter given explicitly, run with {@code environment} set on top of the inherited one. */
  public static PythonRuntime of(Path executable, Map<String, String> environment) {
    Objects.requireNonNull(executable, "executable");
    return new PythonRuntime(executable, environment, "given explicitly");
  }

  /**
   * The interpreter of an unpacked layer: {@code <layerDir>/python/bin/python3.X} with {@code
   * PYTHONHOME} and {@code PYTHONPATH} pointing into it, as in Lambda.
   *
   * @throws PythonNotFoundException when the directory holds no {@code python/bin/python3.X}
   */
  public static PythonRuntime ofLayer(Path layerDir) {
    return fromLayer(layerDir.resolve("python"), "unpacked layer " + layerDir);
  }

  /** Detects the interpreter from this process's environment; see the class comment for the order. */
  public static PythonRuntime detect() {
    return detect(System.getenv(), Path.of("/"));
  }

  /**
   * Detects the interpreter from {@code env}, resolving the absolute paths it knows ({@code /opt},
   * {@code PATH} entries) under {@code root}; tests pass a temporary directory as root.
   *
   * @throws PythonNotFoundException naming every place it looked
   */
  public static PythonRuntime detect(Map<String, String> env, Path root) {
    List<String> looked = new ArrayList<>();
    String explicit = env.get(PYLAYER_PYTHON);
    if (explicit != null && !explicit.isBlank()) {
      Path path = under(root, explicit);
      if (Files.isExecutable(path) && !Files.isDirectory(path)) {
        return new PythonRuntime(path, Map.of(), PYLAYER_PYTHON + "=" + explicit);
      }
      throw new PythonNotFoundException(
          PYLAYER_PYTHON
              + "="
              + explicit
              + " is not an executable file: point it at a Python interpreter or unset it");
    }
    if (isLambda(env)) {
      Path home = under(root, "/opt/python");
      return fromLayer(home, "Lambda layer at /opt/python (" + "AWS_LAMBDA_FUNCTION_NAME is set)");
    }
    String layerDir = env.get(PYLAYER_LAYER_DIR);
    if (layerDir != null && !layerDir.isBlank()) {
      return fromLayer(under(root, layerDir).resolve("python"), PYLAYER_LAYER_DIR + "=" + layerDir);
    }
    String pathVar = env.getOrDefault("PATH", "");
    for (String dir : pathVar.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = under(root, dir).resolve("python3");
      looked.add(candidate.toString());
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return new PythonRuntime(candidate, Map.of(), "python3 on PATH");
      }
    }
    throw new PythonNotFoundException(
        "no Python interpreter found: "
            + PYLAYER_PYTHON
            + " and "
            + PYLAYER_LAYER_DIR
            + " are unset, this is not AWS Lambda, and python3 is not on PATH (looked at "
            + (looked.isEmpty() ? "nothing: PATH is empty" : String.join(", ", looked))
            + "); set "
            + PYLAYER_PYTHON
            + " to an interpreter or "
            + PYLAYER_LAYER_DIR
            + " to an unpacked layer");
  }

  static boolean isLambda(Map<String, String> env) {
    String name = env.get("AWS_LAMBDA_FUNCTION_NAME");
    return name != null && !name.isEmpty();
  }

  /** {@code home} is the layer's {@code python/} directory. */
  private static PythonRuntime fromLayer(Path home, String origin) {
    Path bin = home.resolve("bin");
    Path lib = home.resolve("lib");
    int minor = highestMinor(bin);
    Path executable;
    if (minor >= 0) {
      executable = bin.resolve("python3." + minor);
    } else {
      // A layer zipped without the python3.X name but with lib/python3.X and bin/python3.
      minor = highestMinor(lib);
      executable = bin.resolve("python3");
    }
    if (minor < 0 || !Files.isExecutable(executable)) {
      throw new PythonNotFoundException(
          origin
              + ": no executable python3.X in "
              + bin
              + (Files.isDirectory(home)
                  ? ""
                  : " (" + home + " does not exist: is the pylayer layer attached/unpacked there?)")
              + "; build the layer with './pylayer build' and attach or unpack it so that "
              + "python/bin/python3.X exists");
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PYTHONHOME", home.toString());
    env.put("PYTHONPATH", lib.resolve("python3." + minor).toString());
    return new PythonRuntime(executable, env, origin);
  }

  private static int highestMinor(Path dir) {
    int best = -1;
    if (!Files.isDirectory(dir)) {
      return best;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        Matcher m = VERSIONED_PYTHON.matcher(entry.getFileName().toString());
        if (m.matches()) {
          best = Math.max(best, Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      return best;
    }
    return best;
  }

  private static Path under(Path root, String path) {
    Path p = Path.of(path);
    if (!p.isAbsolute()) {
      return p;
    }
    Path rel = p.getRoot().relativize(p);
    return root.resolve(rel.toString());
  }

  /** The interpreter to run. */
  public Path executable() {
    return executable;
  }

  /** Variables set on top of the inherited environment (e.g. PYTHONHOME, PYTHONPATH); may be empty. */
  public Map<String, String> environment() {
    return environment;
  }

  /** Where the interpreter was found, e.g. "python3 on PATH"; for messages. */
  public String origin() {
    return origin;
  }

  /** A copy with {@code extra} variables set on top of this runtime's. */
  public PythonRuntime withEnvironment(Map<String, String> extra) {
    Map<String, String> merged = new LinkedHashMap<>(environment);
    merged.putAll(extra);
    return new PythonRuntime(executable, merged, origin);
  }

  /** A process builder for this interpreter with {@code args}, its environment applied. */
  ProcessBuilder processBuilder(List<String> args) {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(executable.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    return builder;
  }

  @Override
  public String toString() {
    return executable + " (" + origin + (environment.isEmpty() ? "" : ", " + environment) + ")";
  }
}
