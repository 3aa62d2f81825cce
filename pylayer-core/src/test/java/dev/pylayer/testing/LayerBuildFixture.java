package dev.pylayer.testing;

import dev.pylayer.pipeline.BuildContext;
import dev.pylayer.pipeline.BuildListener;
import dev.pylayer.pipeline.LayerSpec;
import dev.pylayer.index.IndexSettings;
import dev.pylayer.pep.Arch;
import dev.pylayer.verify.HostPlatform;
import dev.pylayer.verify.SmokeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A hermetic world for end-to-end layer builds: the host CPython as a python-build-standalone
 * archive and a set of real wheels, both served over HTTP on 127.0.0.1, pip's configuration
 * switched off, and a private cache. The wheels cover the shapes a layer must handle: pure
 * packages with a dependency, an extension module, a {@code .data} directory, a namespace package
 * split over two distributions.
 */
public final class LayerBuildFixture implements AutoCloseable {

  /** Imports every package and checks what each wheel shape must give at run time. */
  public static final String SMOKE = String.join("\n",
      "import importlib.metadata, json, sys",
      "import app, helper, nativepkg, datapkg, datapkg_extra",
      "import nsroot.one, nsroot.two",
      "from nativepkg import _json",
      "assert app.greet() == 'hello from helper', app.greet()",
      "assert _json.encode_basestring_ascii('x') == '\"x\"'",
      "assert datapkg_extra.VALUE == 42",
      "print(json.dumps({'app': importlib.metadata.version('app'), 'ns': [nsroot.one.NAME,"
          + " nsroot.two.NAME], 'file': app.__file__}))",
      "");

  public final HostPythonArchive python;
  public final LocalPackageIndex index;
  public final Path wheels;
  public final Path cache;
  public final String archiveUrl;

  private LayerBuildFixture(HostPythonArchive python, LocalPackageIndex index, Path wheels,
      Path cache, String archiveUrl) {
    this.python = python;
    this.index = index;
    this.wheels = wheels;
    this.cache = cache;
    this.archiveUrl = archiveUrl;
  }

  public static LayerBuildFixture create(Path dir) throws IOException {
    HostPythonArchive python = HostPythonArchive.get();
    Path wheels = Files.createDirectories(dir.resolve("wheels"));
    Path so = Path.of(python.hostExecutable().getParent().getParent().toString(),
        "lib/python" + python.minorVersion() + "/lib-dynload/_json.cpython-311-x86_64-linux-gnu.so");
    LocalPackageIndex index = LocalPackageIndex.start();
    index.add(
        WheelBuilder.wheel("app", "1.0").requires("helper>=1.0")
            .file("app/__init__.py", "from helper import message\n\n"
                + "def greet():\n    return message()\n")
            .build(wheels),
        WheelBuilder.wheel("helper", "1.0")
            .file("helper/__init__.py", "def message():\n    return 'hello from helper'\n")
            .build(wheels),
        WheelBuilder.wheel("helper", "2.0")
            .file("helper/__init__.py", "def message():\n    return 'v2'\n")
            .build(wheels),
        WheelBuilder.wheel("nativepkg", "1.0").tag("cp311-cp311-manylinux_2_17_x86_64")
            .rootIsPurelib(false)
            .file("nativepkg/__init__.py", "")
            .file("nativepkg/_json.cpython-311-x86_64-linux-gnu.so", withoutRunpath(so, dir), 0755)
            .build(wheels),
        WheelBuilder.wheel("datapkg", "1.0")
            .file("datapkg/__init__.py", "")
            .data("purelib/datapkg_extra.py", "VALUE = 42\n")
            .data("data/share/datapkg/readme.txt", "not in a layer\n")
            .build(wheels),
        WheelBuilder.wheel("ns-one", "1.0").file("nsroot/one/__init__.py", "NAME = 'one'\n")
            .build(wheels),
        WheelBuilder.wheel("ns-two", "1.0").file("nsroot/two/__init__.py", "NAME = 'two'\n")
            .build(wheels));
    String archiveUrl = index.serve(python.path()).toString();
    return new LayerBuildFixture(python, index, wheels, dir.resolve("cache"), archiveUrl);
  }

  /**
   * The bytes of a host extension module without its RUNPATH: pyenv's point at its own lib/, and
   * wheels from PyPI carry none outside themselves (pylayer verify refuses such a path).
   */
  private static byte[] withoutRunpath(Path so, Path dir) throws IOException {
    Path copy = dir.resolve("native-" + so.getFileName());
    Files.copy(so, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    copy.toFile().setWritable(true);
    Processes.run("patchelf", "--remove-rpath", copy.toString()).requireSuccess();
    return Files.readAllBytes(copy);
  }

  /** A pinned requirements file with the given lines. */
  public Path requirements(Path dir, String... lines) throws IOException {
    Path file = Files.createTempFile(dir, "requirements", ".txt");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  /** The full set of wheels, pinned. */
  public Path allRequirements(Path dir) throws IOException {
    return requirements(dir, "app==1.0", "helper==1.0", "nativepkg==1.0", "datapkg==1.0",
        "ns-one==1.0", "ns-two==1.0");
  }

  /**
   * A spec for an x86_64 layer of {@code requirements} into {@code out}, installed as they are
   * (no-deps: the tests' files are complete pinned sets); {@code noDeps(false)} resolves them.
   */
  public LayerSpec.Builder spec(Path out, Path requirements) {
    return LayerSpec.builder(out)
        .name("demo")
        .arches(List.of(Arch.X86_64))
        .requirementsFile(requirements)
        .noDeps(true)
        .index(IndexSettings.builder().indexUrl(index.url()).build())
        .pythonArchive(archiveUrl, python.sha256())
        .compressionLevel(1)
        .smoke(SmokeSpec.of(true, SMOKE, Map.of()));
  }

  public BuildContext context(Path home, BuildListener listener) {
    return BuildContext.builder()
        .env(Map.of("PIP_CONFIG_FILE", "/dev/null", "SOURCE_DATE_EPOCH", "1700000000"))
        .home(home)
        .workingDir(home)
        .host(HostPlatform.of(Arch.X86_64))
        .cacheRoot(cache)
        .listener(listener)
        .build();
  }

  @Override
  public void close() {
    index.close();
  }
}
