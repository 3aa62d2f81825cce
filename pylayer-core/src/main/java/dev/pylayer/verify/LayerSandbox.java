package dev.pylayer.verify;

import dev.pylayer.files.FileTrees;
import dev.pylayer.archive.SafeZipExtractor;
import dev.pylayer.process.CommandResult;
import dev.pylayer.process.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer zip unpacked the way Lambda unpacks it: into a read-only {@code opt/} directory, from
 * which its interpreter runs with a clean environment plus {@code PYTHONHOME} and {@code
 * PYTHONPATH} set as the seed sets them. When this JVM runs as root (which ignores file modes) and
 * {@code setpriv} is available, the interpreter runs as {@code nobody} so that read-only really
 * holds, as it does for Lambda's sandbox user. Close it to delete the tree.
 */
public final class LayerSandbox implements AutoCloseable {

  private static final int NOBODY = 65534;

  private final Path root;
  private final Path opt;
  private final String pythonMinor;
  private final List<String> launcher;
  private final boolean dropPrivileges;

  private LayerSandbox(Path root, String pythonMinor, List<String> launcher,
      boolean dropPrivileges) {
    this.root = root;
    this.opt = root.resolve("opt");
    this.pythonMinor = pythonMinor;
    this.launcher = List.copyOf(launcher);
    this.dropPrivileges = dropPrivileges;
  }

  /**
   * Unpacks {@code layerZip} read-only into a new temporary directory.
   *
   * @param pythonMinor the layer's Python, e.g. {@code 3.11}
   * @param launcher the prefix that runs the layer's binaries here (empty, or qemu)
   */
  public static LayerSandbox unpack(Path layerZip, String pythonMinor, List<String> launcher)
      throws IOException {
    Path root = Files.createTempDirectory("pylayer-smoke");
    try {
      SafeZipExtractor.create().readOnly(true).extract(layerZip, root.resolve("opt"));
      boolean drop = isRoot() && CommandRunner.onPath("setpriv");
      if (drop) {
        // nobody must be able to reach /opt: open the sandbox's own directory for traversal.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      return new LayerSandbox(root, pythonMinor, launcher, drop);
    } catch (IOException | RuntimeException e) {
      SafeZipExtractor.makeWritable(root);
      FileTrees.delete(root);
      throw e;
    }
  }

  /** The directory standing in for Lambda's {@code /opt}. */
  public Path opt() {
    return opt;
  }

  /** {@code opt/python/bin/python3.X}. */
  public Path interpreter() {
    return opt.resolve("python/bin/python" + pythonMinor);
  }

  /** The environment the layer's interpreter gets: the seed's two variables plus {@code extra}. */
  public Map<String, String> environment(Map<String, String> extra) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("PYTHONHOME", opt.resolve("python").toString());
    env.put("PYTHONPATH", opt.resolve("python/lib/python" + pythonMinor).toString());
    env.putAll(extra);
    return env;
  }

  /** Runs the layer's interpreter with {@code args} and the seed's environment plus {@code env}. */
  public CommandResult runPython(List<String> args, Map<String, String> env, Duration timeout)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (dropPrivileges) {
      command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
          "--clear-groups"));
    }
    command.addAll(launcher);
    command.add(interpreter().toString());
    command.addAll(args);
    return CommandRunner.create()
        .environment(environment(env))
        .directory(root)
        .timeout(timeout)
        .outputCap(256 * 1024)
        .run(command);
  }

  @Override
  public void close() throws IOException {
    SafeZipExtractor.makeWritable(root);
    FileTrees.delete(root);
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
