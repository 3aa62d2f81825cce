package dev.pylayer.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.files.Sha256;
import dev.pylayer.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A python-build-standalone-shaped {@code .tar.gz} built from the host's CPython (3.11 with a
 * shared libpython, as pyenv installs it), so tests exercise extraction, stripping, zipping and
 * running a relocated interpreter without downloading anything.
 *
 * <p>Built once per JVM and cached across runs under {@code target/test-fixtures/}, keyed by the
 * host interpreter's path and version and by {@link #FORMAT}. Tests that need it call {@link
 * #get()}, which skips the test (JUnit assumption) when {@code python3} is not a CPython 3.11 with
 * a shared libpython or {@code patchelf} is missing.
 *
 * <p>What is real and what is not. Real, copied from the host: {@code bin/python3.11} (with its
 * RUNPATH set to {@code $ORIGIN/../lib} by patchelf, so it finds the relocated libpython), {@code
 * lib/libpython3.11.so.1.0}, the whole standard library including {@code lib-dynload}, {@code
 * idlelib}, {@code tkinter}, {@code lib2to3}, the stdlib's nested test packages, three headers,
 * the pkg-config file and the man page. Trimmed: {@code lib/python3.11/test} keeps 3 of its ~500
 * entries, the {@code config-3.11-*} directory drops {@code libpython3.11.a} and {@code python.o}
 * (44 MB), {@code site-packages} is replaced. Synthetic: {@code site-packages} holds small fake
 * {@code pip}, {@code setuptools}, {@code _distutils_hack} packages; {@code bin/} gets shell-script
 * stand-ins for {@code pip3}, {@code idle3}, {@code 2to3}, {@code python3.11-config}; Tcl/Tk
 * ({@code lib/tcl8.6}, {@code lib/tk8.6}, {@code lib/libtcl8.6.so}) are small placeholder files,
 * since pyenv's Python uses the system Tcl/Tk. Like PBS, the archive has no {@code __pycache__}.
 */
public final class HostPythonArchive {

  /** Bump when the fixture's content changes, so cached archives are rebuilt. */
  static final String FORMAT = "3";

  private static final String PROBE = String.join("\n",
      "import os, sys, sysconfig",
      "v = sysconfig.get_config_var",
      "print(os.path.realpath(sys.executable))",
      "print('%d.%d' % sys.version_info[:2])",
      "print('%d.%d.%d' % sys.version_info[:3])",
      "print(sysconfig.get_paths()['stdlib'])",
      "print(sysconfig.get_paths()['include'])",
      "print(v('LIBDIR') or '')",
      "print(v('INSTSONAME') or '')",
      "print(v('Py_ENABLE_SHARED') or 0)",
      "print(sys.version.replace(chr(10), ' '))");

  private static HostPythonArchive instance;
  private static String skipReason;

  private final Path archive;
  private final String sha256;
  private final String minorVersion;
  private final String fullVersion;
  private final Path hostExecutable;

  private HostPythonArchive(Path archive, String sha256, String minorVersion, String fullVersion,
      Path hostExecutable) {
    this.archive = archive;
    this.sha256 = sha256;
    this.minorVersion = minorVersion;
    this.fullVersion = fullVersion;
    this.hostExecutable = hostExecutable;
  }

  /**
   * The archive, built on first use. Skips the calling test (assumption) if the host cannot
   * provide one.
   */
  public static synchronized HostPythonArchive get() {
    if (instance == null && skipReason == null) {
      try {
        instance = build();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot build the host python fixture archive", e);
      }
    }
    assumeTrue(instance != null, () -> skipReason);
    return instance;
  }

  /** The {@code .tar.gz}. */
  public Path path() {
    return archive;
  }

  /** The archive's SHA-256, lower-case hex. */
  public String sha256() {
    return sha256;
  }

  /** {@code 3.11}. */
  public String minorVersion() {
    return minorVersion;
  }

  /** The host interpreter's full version, e.g. {@code 3.11.7}. */
  public String fullVersion() {
    return fullVersion;
  }

  /** The host interpreter that was copied. */
  public Path hostExecutable() {
    return hostExecutable;
  }

  /**
   * The environment the layer's interpreter runs with on Lambda, for a tree at {@code layerRoot}
   * (the directory holding {@code python/}): nothing inherited but PYTHONHOME and PYTHONPATH.
   */
  public Map<String, String> lambdaEnvironment(Path layerRoot) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PYTHONHOME", layerRoot.resolve("python").toString());
    env.put("PYTHONPATH", layerRoot.resolve("python/lib/python" + minorVersion).toString());
    return env;
  }

  /** Runs {@code python/bin/python3.X args...} of the tree at {@code layerRoot}. */
  public Processes.Result run(Path layerRoot, List<String> prefixCommand, String... args) {
    List<String> command = new java.util.ArrayList<>(prefixCommand);
    command.add(layerRoot.resolve("python/bin/python" + minorVersion).toString());
    command.addAll(List.of(args));
    return Processes.run(command, lambdaEnvironment(layerRoot), layerRoot);
  }

  private static HostPythonArchive build() throws IOException {
    if (!Processes.available("python3", "-c", "pass")) {
      skipReason = "python3 is not on the PATH; the host python fixture needs CPython 3.11";
      return null;
    }
    List<String> facts = List.of(Processes.run("python3", "-c", PROBE).requireSuccess()
        .stdout().split("\n"));
    Path executable = Paths.get(facts.get(0));
    String minor = facts.get(1);
    String full = facts.get(2);
    Path stdlib = Paths.get(facts.get(3));
    Path include = Paths.get(facts.get(4));
    Path libDir = Paths.get(facts.get(5));
    String soname = facts.get(6);
    boolean shared = !facts.get(7).equals("0");
    if (!minor.equals("3.11")) {
      skipReason = "python3 is CPython " + full + "; the host python fixture needs 3.11";
      return null;
    }
    if (!shared || soname.isEmpty() || !Files.isRegularFile(libDir.resolve(soname))) {
      skipReason = "python3 (" + executable + ") is not linked against a shared libpython;"
          + " the host python fixture needs one (pyenv: PYTHON_CONFIGURE_OPTS=--enable-shared)";
      return null;
    }
    if (!Processes.available("patchelf", "--version")) {
      skipReason = "patchelf is not installed; the host python fixture needs it to relocate"
          + " the interpreter";
      return null;
    }

    Path cacheDir = fixturesDirectory();
    String key = sha256Hex((executable + "\n" + facts.get(8) + "\n" + FORMAT)
        .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    Path archive = cacheDir.resolve("host-python-" + full + "-" + key + ".tar.gz");
    Path shaFile = cacheDir.resolve(archive.getFileName() + ".sha256");
    if (Files.isRegularFile(archive) && Files.isRegularFile(shaFile)) {
      return new HostPythonArchive(archive, Files.readString(shaFile).trim(), minor, full,
          executable);
    }

    Files.createDirectories(cacheDir);
    Path staging = Files.createTempDirectory(cacheDir, "host-python-staging-");
    Path temp =
        cacheDir.resolve(archive.getFileName() + ".partial-" + ProcessHandle.current().pid());
    try {
      Path home = staging.resolve("python");
      String py = "python" + minor;
      populate(home, py, executable, stdlib, include, libDir, soname);
      try (TarBuilder tar = TarBuilder.gzip(temp)) {
        tar.directory("python", 0755);
        tar.tree(home, "python/");
      }
      String sha256 = sha256Hex(temp);
      Files.writeString(shaFile, sha256 + "\n");
      Files.move(temp, archive, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return new HostPythonArchive(archive, sha256, minor, full, executable);
    } finally {
      Files.deleteIfExists(temp);
      deleteTree(staging);
    }
  }

  private static void populate(Path home, String py, Path executable, Path stdlib, Path include,
      Path libDir, String soname) throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path interpreter = bin.resolve(py);
    Files.copy(executable, interpreter);
    chmod(interpreter, "rwxr-xr-x");
    Processes.run("patchelf", "--set-rpath", "$ORIGIN/../lib", interpreter.toString())
        .requireSuccess();
    Files.createSymbolicLink(bin.resolve("python3"), Paths.get(py));
    Files.createSymbolicLink(bin.resolve("python"), Paths.get(py));
    for (String junk : new String[] {"pip3", "idle3", "2to3", py + "-config"}) {
      Path script = bin.resolve(junk);
      Files.writeString(script, "#!/bin/sh\necho 'fixture stand-in for " + junk + "'\n");
      chmod(script, "rwxr-xr-x");
    }

    Path lib = Files.createDirectories(home.resolve("lib"));
    Files.copy(libDir.resolve(soname), lib.resolve(soname));
    chmod(lib.resolve(soname), "rwxr-xr-x");
    Files.createSymbolicLink(lib.resolve("lib" + py + ".so"), Paths.get(soname));

    Path stdlibCopy = lib.resolve(py);
    copyStdlib(stdlib, stdlibCopy);
    // A pyenv build links libpython and lib-dynload with an absolute RUNPATH (its own lib/), which
    // python-build-standalone builds do not: kept on purpose, so every build test exercises the
    // build's "fix library paths" step (rewritten to $ORIGIN) and verify's check behind it.
    Path sitePackages = Files.createDirectories(stdlibCopy.resolve("site-packages"));
    Files.writeString(sitePackages.resolve("README.txt"), "This directory exists so that 3rd"
        + " party packages can be installed here.  Read the source for site.py for more"
        + " details.\n");
    write(sitePackages.resolve("pip/__init__.py"), "__version__ = '0.0+fixture'\n");
    write(sitePackages.resolve("pip/__main__.py"), "raise SystemExit('fixture pip')\n");
    write(sitePackages.resolve("pip-0.0.dist-info/METADATA"),
        "Metadata-Version: 2.1\nName: pip\nVersion: 0.0\n");
    write(sitePackages.resolve("setuptools/__init__.py"), "# fixture\n");
    write(sitePackages.resolve("_distutils_hack/__init__.py"), "# fixture\n");
    write(sitePackages.resolve("distutils-precedence.pth"), "import os\n");

    Path headers = Files.createDirectories(home.resolve("include").resolve(py));
    for (String header : new String[] {"Python.h", "patchlevel.h", "pyconfig.h"}) {
      Files.copy(include.resolve(header), headers.resolve(header));
    }
    Path man = Files.createDirectories(home.resolve("share/man/man1"));
    Path hostMan = libDir.getParent().resolve("share/man/man1/" + py + ".1");
    if (Files.isRegularFile(hostMan)) {
      Files.copy(hostMan, man.resolve(py + ".1"));
    } else {
      Files.writeString(man.resolve(py + ".1"), ".TH PYTHON 1\n");
    }
    Path pkgconfig = Files.createDirectories(lib.resolve("pkgconfig"));
    String pcName = "python-" + py.substring("python".length()) + ".pc";
    Path hostPc = libDir.resolve("pkgconfig").resolve(pcName);
    if (Files.isRegularFile(hostPc)) {
      Files.copy(hostPc, pkgconfig.resolve(pcName));
    } else {
      Files.writeString(pkgconfig.resolve(pcName), "Name: Python\n");
    }
    write(lib.resolve("tcl8.6/init.tcl"), "# placeholder for Tcl's init.tcl\n");
    write(lib.resolve("tk8.6/tk.tcl"), "# placeholder for Tk's tk.tcl\n");
    write(lib.resolve("libtcl8.6.so"), "placeholder for libtcl8.6.so\n");
    chmod(lib.resolve("libtcl8.6.so"), "rwxr-xr-x");
  }

  /** Copies the stdlib without site-packages, caches, most of test/ and the static library. */
  private static void copyStdlib(Path from, Path to) throws IOException {
    Set<String> keptTests = Set.of("__init__.py", "__main__.py", "test_json");
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        Path relative = from.relativize(dir);
        String name = dir.getFileName().toString();
        if (name.equals("__pycache__") || relative.toString().equals("site-packages")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (relative.getNameCount() == 2 && relative.getName(0).toString().equals("test")
            && !keptTests.contains(name)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        Files.createDirectories(to.resolve(relative.toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path relative = from.relativize(file);
        String name = file.getFileName().toString();
        boolean inTest = relative.getNameCount() == 2
            && relative.getName(0).toString().equals("test");
        boolean inConfig = relative.getNameCount() == 2
            && relative.getName(0).toString().startsWith("config-");
        if ((inTest && !keptTests.contains(name))
            || (inConfig && (name.endsWith(".a") || name.endsWith(".o")))) {
          return FileVisitResult.CONTINUE;
        }
        Path target = to.resolve(relative.toString());
        if (attrs.isSymbolicLink()) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(file));
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** {@code target/test-fixtures} of the module under test. */
  static Path fixturesDirectory() {
    String basedir = System.getProperty("basedir");
    Path module = basedir != null ? Paths.get(basedir) : Paths.get("").toAbsolutePath();
    return module.resolve("target").resolve("test-fixtures");
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static void chmod(Path file, String permissions) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
  }

  static void deleteTree(Path root) throws IOException {
    FileTrees.delete(root);
  }

  /** The SHA-256 of a file, read in a stream. */
  public static String sha256Hex(Path file) throws IOException {
    return Sha256.of(file);
  }

  static String sha256Hex(byte[] data) {
    return Sha256.of(data);
  }
}
