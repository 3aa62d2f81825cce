package dev.pylayer.interpreter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where things are in a layer tree that holds a CPython: {@code <root>/python/bin/python3.X},
 * {@code <root>/python/lib/python3.X/} and its {@code site-packages}. This is the layout of a
 * python-build-standalone archive and of the Lambda layer, which Lambda mounts at {@code /opt}.
 */
public final class InterpreterLayout {

  /** The top-level directory of the layer ({@code /opt/python} once deployed). */
  public static final String HOME = "python";

  private static final Pattern STDLIB_DIR = Pattern.compile("python(3\\.\\d+)");
  private static final Pattern PY_VERSION =
      Pattern.compile("#define\\s+PY_VERSION\\s+\"([^\"]+)\"");

  private final Path root;
  private final String minorVersion;

  private InterpreterLayout(Path root, String minorVersion) {
    this.root = root;
    this.minorVersion = minorVersion;
  }

  /** The layout a tree for CPython {@code minorVersion} (e.g. {@code 3.11}) has or will have. */
  public static InterpreterLayout of(Path root, String minorVersion) {
    if (!minorVersion.matches("3\\.\\d+")) {
      throw new IllegalArgumentException("'" + minorVersion + "' is not a Python minor version"
          + " such as 3.11");
    }
    return new InterpreterLayout(root, minorVersion);
  }

  /**
   * Finds the CPython in an extracted tree from its {@code python/lib/python3.X} directory and
   * checks that {@code python/bin/python3.X} exists.
   *
   * @param root the directory holding {@code python/}
   * @throws IOException if the tree does not hold exactly one CPython 3 installation
   */
  public static InterpreterLayout detect(Path root) throws IOException {
    Path home = root.resolve(HOME);
    Path lib = home.resolve("lib");
    if (!Files.isDirectory(lib)) {
      throw new IOException(root + " does not hold an interpreter: " + lib + " is missing"
          + " (expected the python-build-standalone layout python/bin, python/lib)");
    }
    List<String> versions = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(lib)) {
      for (Path child : children) {
        Matcher match = STDLIB_DIR.matcher(child.getFileName().toString());
        if (match.matches() && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          versions.add(match.group(1));
        }
      }
    }
    if (versions.size() != 1) {
      throw new IOException(root + ": expected one python3.X directory in " + lib + ", found "
          + (versions.isEmpty() ? "none" : versions.size() + " (" + String.join(", ", versions)
              + ")"));
    }
    InterpreterLayout layout = new InterpreterLayout(root, versions.get(0));
    if (!Files.exists(layout.interpreter(), LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(root + ": " + layout.interpreter() + " is missing; the tree has "
          + layout.stdlib() + " but no interpreter for it");
    }
    return layout;
  }

  /** The directory holding {@code python/}. */
  public Path root() {
    return root;
  }

  /** {@code <root>/python}: PYTHONHOME once deployed. */
  public Path home() {
    return root.resolve(HOME);
  }

  /** {@code <root>/python/bin}. */
  public Path binDir() {
    return home().resolve("bin");
  }

  /** {@code <root>/python/bin/python3.X}: the interpreter binary. */
  public Path interpreter() {
    return binDir().resolve(executableName());
  }

  /** {@code <root>/python/lib}: shared libraries (libpython, Tcl/Tk) and the stdlib directory. */
  public Path libDir() {
    return home().resolve("lib");
  }

  /** {@code <root>/python/lib/python3.X}: the standard library (and PYTHONPATH on Lambda). */
  public Path stdlib() {
    return libDir().resolve(executableName());
  }

  /** {@code <root>/python/lib/python3.X/lib-dynload}: stdlib extension modules. */
  public Path libDynload() {
    return stdlib().resolve("lib-dynload");
  }

  /** {@code <root>/python/lib/python3.X/site-packages}. */
  public Path sitePackages() {
    return stdlib().resolve("site-packages");
  }

  /** The minor version, e.g. {@code 3.11}. */
  public String minorVersion() {
    return minorVersion;
  }

  /** {@code python3.X}: the name of both the binary and the stdlib directory. */
  public String executableName() {
    return "python" + minorVersion;
  }

  /**
   * The full version from {@code python/include/python3.X/patchlevel.h} (python-build-standalone
   * ships headers), e.g. {@code 3.11.14}; empty once headers are stripped or if absent.
   */
  public Optional<String> fullVersion() throws IOException {
    Path header = home().resolve("include").resolve(executableName()).resolve("patchlevel.h");
    if (!Files.isRegularFile(header)) {
      return Optional.empty();
    }
    Matcher match = PY_VERSION.matcher(Files.readString(header, StandardCharsets.ISO_8859_1));
    return match.find() ? Optional.of(match.group(1)) : Optional.empty();
  }

  /** A path under {@code python/}, e.g. {@code relative("lib/python3.11/os.py")}. */
  public Path resolve(String pathUnderHome) {
    return home().resolve(pathUnderHome);
  }

  @Override
  public String toString() {
    return "CPython " + minorVersion + " at " + home();
  }
}
