package dev.pylayer.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.optimize.BytecodeCompiler.Placement;
import dev.pylayer.testing.HostPython;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BytecodeCompilerTest {

  private static final String RUNTIME = "/opt/python/lib/python3.11/site-packages";

  @TempDir Path temp;

  private Path python;

  @BeforeEach
  void findPython() {
    assumeTrue(HostPython.find().isPresent(), "needs host python3");
    python = HostPython.find().get();
  }

  /** A small package tree with constants whose order depends on string hashing. */
  private Path writeTree(Path root) throws IOException {
    Files.createDirectories(root.resolve("demo/sub"));
    Files.createDirectories(root.resolve("demo/data-files"));
    Files.writeString(
        root.resolve("demo/__init__.py"), "\"\"\"Demo package.\"\"\"\nVALUE = 'compiled'\n");
    Files.writeString(
        root.resolve("demo/mod.py"),
        "\"\"\"Module docstring.\"\"\"\n"
            + "KINDS = frozenset({'alpha', 'beta', 'gamma', 'delta', 'epsilon'})\n"
            + "\n"
            + "def is_kind(x):\n"
            + "    return x in {'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'}\n"
            + "\n"
            + "def fail():\n"
            + "    raise ValueError('boom from demo.mod')\n");
    Files.writeString(root.resolve("demo/sub/__init__.py"), "");
    Files.writeString(
        root.resolve("demo/sub/deep.py"), "# -*- coding: utf-8 -*-\nNAME = 'tiefe Ebene ü'\n");
    Files.writeString(root.resolve("demo/data-files/template.txt"), "not python");
    Files.writeString(root.resolve("top.py"), "import demo\n");
    return root;
  }

  private static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).collect(Collectors.toList())) {
        files.put(root.relativize(path).toString(), Files.readAllBytes(path));
      }
    }
    return files;
  }

  private BytecodeCompiler.Builder compiler() {
    return BytecodeCompiler.builder(python);
  }

  private static HostPython.Result runFrom(Path pathEntry, String code) {
    return HostPython.run(
        pathEntry.getParent(),
        Map.of(),
        "-S",
        "-s",
        "-B",
        "-c",
        "import sys; sys.path.insert(0, " + "'" + pathEntry + "'" + ")\n" + code);
  }

  @Test
  void writesUncheckedHashPycsIntoPycacheAndReportsCounts() throws Exception {
    Path root = writeTree(temp.resolve("a/site-packages"));
    CompileResult result = compiler().build().compile(List.of(new CompileRoot(root, RUNTIME)));

    assertThat(result.failures()).isEmpty();
    assertThat(result.compiledFiles()).isEqualTo(5);
    assertThat(result.pythonVersion()).startsWith("3.");
    assertThat(result.cacheTag()).startsWith("cpython-3");
    String tag = result.cacheTag();
    Path pyc = root.resolve("demo/__pycache__/mod." + tag + ".pyc");
    assertThat(pyc).exists();
    assertThat(root.resolve("demo/sub/__pycache__/deep." + tag + ".pyc")).exists();
    assertThat(root.resolve("__pycache__/top." + tag + ".pyc")).exists();
    assertThat(root.resolve("demo/mod.py")).exists();

    long pycBytes;
    try (Stream<Path> paths = Files.walk(root)) {
      pycBytes =
          paths
              .filter(p -> p.toString().endsWith(".pyc"))
              .mapToLong(p -> p.toFile().length())
              .sum();
    }
    assertThat(result.pycBytes()).isEqualTo(pycBytes);
    assertThat(result.bytesAdded()).isEqualTo(pycBytes);

    // PEP 552 header: flags word 0b01 = hash-based, check_source off ("unchecked-hash")
    byte[] header = Files.readAllBytes(pyc);
    assertThat(new byte[] {header[4], header[5], header[6], header[7]}).containsExactly(1, 0, 0, 0);
  }

  @Test
  void sameTreeInTwoDirectoriesGivesIdenticalPycBytes() throws Exception {
    Path first = writeTree(temp.resolve("build-one/site-packages"));
    Path second = writeTree(temp.resolve("elsewhere/deeper/build-two/site-packages"));
    compiler().build().compile(List.of(new CompileRoot(first, RUNTIME)));
    compiler().build().compile(List.of(new CompileRoot(second, RUNTIME)));

    Map<String, byte[]> a = files(first);
    Map<String, byte[]> b = files(second);
    assertThat(a.keySet()).isEqualTo(b.keySet());
    assertThat(a.keySet()).filteredOn(p -> p.endsWith(".pyc")).hasSize(5);
    for (String path : a.keySet()) {
      assertThat(b.get(path)).as(path).isEqualTo(a.get(path));
    }
    // the build directory leaves no trace in the bytecode; the run-time path does
    String modPyc =
        a.keySet().stream().filter(p -> p.startsWith("demo/__pycache__/mod.")).findFirst().get();
    String pyc = new String(a.get(modPyc), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(pyc).contains(RUNTIME + "/demo/mod.py").doesNotContain("build-one");
  }

  @Test
  void pycacheBytecodeIsWhatPythonImports() throws Exception {
    Path root = writeTree(temp.resolve("site-packages"));
    compiler().build().compile(List.of(new CompileRoot(root, RUNTIME)));
    // unchecked-hash: Python trusts the .pyc and never looks at the changed source
    Files.writeString(root.resolve("demo/__init__.py"), "VALUE = 'source was read'\n");

    HostPython.Result result =
        runFrom(
            root,
            "import demo, demo.mod; print(demo.VALUE, demo.mod.__cached__ is not None,"
                + " demo.mod.is_kind('zeta'))");
    assertThat(result.exitCode).as(result.toString()).isZero();
    assertThat(result.stdout.strip()).isEqualTo("compiled True True");
  }

  @Test
  void legacySourcelessTreeImportsAndTracebacksShowRuntimePaths() throws Exception {
    Path root = writeTree(temp.resolve("site-packages"));
    long sourceBytes;
    try (Stream<Path> paths = Files.walk(root)) {
      sourceBytes =
          paths.filter(p -> p.toString().endsWith(".py")).mapToLong(p -> p.toFile().length()).sum();
    }
    CompileResult result =
        compiler()
            .placement(Placement.LEGACY)
            .removeSource(true)
            .build()
            .compile(List.of(new CompileRoot(root, RUNTIME)));

    assertThat(result.compiledFiles()).isEqualTo(5);
    assertThat(result.sourceBytesRemoved()).isEqualTo(sourceBytes);
    assertThat(root.resolve("demo/mod.pyc")).exists();
    assertThat(root.resolve("demo/mod.py")).doesNotExist();
    assertThat(root.resolve("demo/__pycache__")).doesNotExist();
    assertThat(root.resolve("demo/data-files/template.txt")).exists();

    HostPython.Result run =
        runFrom(
            root,
            "import demo.mod, demo.sub.deep\nprint(demo.mod.__file__)\n"
                + "print(demo.sub.deep.NAME)\ndemo.mod.fail()\n");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout)
        .contains(root.resolve("demo/mod.pyc").toString())
        .contains("tiefe Ebene ü");
    assertThat(run.stderr)
        .contains("File \"" + RUNTIME + "/demo/mod.py\", line 8, in fail")
        .contains("ValueError: boom from demo.mod")
        .doesNotContain(temp.toString());
  }

  @Test
  void sourcelessBytecodeCarriesNoColumnTablesAndBytecodeBesideSourcesKeepsThem() throws Exception {
    // column positions (PEP 657) only place ^^^ under a traceback's source line
    String columns = "import demo.mod\n"
        + "print(any(p[2] is not None for p in demo.mod.fail.__code__.co_positions()))\n";
    Path withSources = writeTree(temp.resolve("kept/site-packages"));
    compiler().build().compile(List.of(new CompileRoot(withSources, RUNTIME)));
    Path sourceless = writeTree(temp.resolve("sourceless/site-packages"));
    compiler().placement(Placement.LEGACY).removeSource(true).build()
        .compile(List.of(new CompileRoot(sourceless, RUNTIME)));

    HostPython.Result kept = runFrom(withSources, columns);
    HostPython.Result dropped = runFrom(sourceless, columns + "demo.mod.fail()\n");
    assertThat(kept.stdout.strip()).as(kept.toString()).isEqualTo("True");
    assertThat(dropped.stdout.strip()).as(dropped.toString()).isEqualTo("False");
    assertThat(dropped.stderr).contains("File \"" + RUNTIME + "/demo/mod.py\", line 8, in fail");
  }

  @Test
  void legacyPycsImportFromAZip() throws Exception {
    Path root = writeTree(temp.resolve("tree"));
    compiler()
        .placement(Placement.LEGACY)
        .removeSource(true)
        .build()
        .compile(List.of(new CompileRoot(root, "/opt/python/lib/python3.11/site-packages.zip")));
    Path zip = temp.resolve("site-packages.zip");
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream zipOut = new ZipOutputStream(out);
        Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted().collect(Collectors.toList())) {
        String name = root.relativize(path).toString();
        if (Files.isDirectory(path)) {
          if (!name.isEmpty()) {
            zipOut.putNextEntry(new ZipEntry(name + "/"));
          }
          continue;
        }
        zipOut.putNextEntry(new ZipEntry(name));
        zipOut.write(Files.readAllBytes(path));
      }
    }
    HostPython.Result run =
        runFrom(
            zip,
            "import demo.mod; print(type(demo.__loader__).__name__, demo.mod.is_kind('beta'))");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.stdout.strip()).isEqualTo("zipimporter True");
  }

  @Test
  void filesThatDoNotCompileAreReportedAndSkipped() throws Exception {
    Path root = writeTree(temp.resolve("site-packages"));
    Files.writeString(root.resolve("demo/py2only.py"), "print 'hello'\n");
    Files.writeString(root.resolve("demo/template.py"), "def {{ name }}():\n    pass\n");

    CompileResult result =
        compiler()
            .placement(Placement.LEGACY)
            .removeSource(true)
            .build()
            .compile(List.of(new CompileRoot(root, RUNTIME)));

    assertThat(result.compiledFiles()).isEqualTo(5);
    assertThat(result.failures())
        .extracting(CompileFailure::file)
        .containsExactly(root.resolve("demo/py2only.py"), root.resolve("demo/template.py"));
    assertThat(result.failures())
        .allSatisfy(f -> assertThat(f.error()).startsWith("SyntaxError: "));
    assertThat(result.failures().get(0).error()).contains("line 1");
    assertThat(root.resolve("demo/py2only.py")).exists();
    assertThat(root.resolve("demo/py2only.pyc")).doesNotExist();
    assertThat(root.resolve("demo/mod.pyc")).exists();
  }

  @Test
  void strictModeFailsAndWritesNothing() throws Exception {
    Path root = writeTree(temp.resolve("site-packages"));
    Files.writeString(root.resolve("demo/sub/broken.py"), "def f(:\n");
    Map<String, byte[]> before = files(root);

    assertThatThrownBy(
            () -> compiler().strict(true).build().compile(List.of(new CompileRoot(root, RUNTIME))))
        .isInstanceOf(BytecodeCompileException.class)
        .hasMessageContaining("1 file(s) did not compile; nothing was written")
        .hasMessageContaining(root.resolve("demo/sub/broken.py").toString())
        .satisfies(e -> assertThat(((BytecodeCompileException) e).failures()).hasSize(1));
    assertThat(files(root).keySet()).isEqualTo(before.keySet());
    try (Stream<Path> paths = Files.walk(root)) {
      assertThat(paths.map(Path::toString)).noneMatch(p -> p.contains("__pycache__"));
    }
  }

  @Test
  void optimizationLevelTwoDropsDocstringsInOptTwoFiles() throws Exception {
    Path root = writeTree(temp.resolve("site-packages"));
    CompileResult result =
        compiler().optimizationLevel(2).build().compile(List.of(new CompileRoot(root, RUNTIME)));
    Path pyc = root.resolve("demo/__pycache__/mod." + result.cacheTag() + ".opt-2.pyc");
    assertThat(pyc).exists();
    assertThat(new String(Files.readAllBytes(pyc), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("Module docstring.");
    HostPython.Result run =
        HostPython.run(
            root,
            Map.of(),
            "-OO",
            "-S",
            "-s",
            "-B",
            "-c",
            "import sys; sys.path.insert(0, '"
                + root
                + "'); import demo.mod; print(demo.mod.__doc__)");
    assertThat(run.stdout.strip()).as(run.toString()).isEqualTo("None");
  }

  @Test
  void environmentIsOnlyWhatTheCallerGives() throws Exception {
    Path root = temp.resolve("site-packages");
    Files.createDirectories(root);
    // a PYTHONHOME pointing nowhere makes the interpreter fail to start: proof the env is passed
    assertThatThrownBy(
            () ->
                compiler()
                    .environment(Map.of("PYTHONHOME", temp.resolve("nowhere").toString()))
                    .build()
                    .compile(List.of(new CompileRoot(root, RUNTIME))))
        .isInstanceOf(BytecodeCompileException.class)
        .hasMessageContaining("failed while byte-compiling");
    assertThat(compiler().build().compile(List.of(new CompileRoot(root, RUNTIME))).compiledFiles())
        .isZero();
  }

  @Test
  void misuseIsRejectedClearly() {
    assertThatThrownBy(() -> compiler().removeSource(true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Placement.LEGACY");
    assertThatThrownBy(() -> new CompileRoot(temp, "opt/python"))
        .hasMessageContaining("must be absolute");
    assertThatThrownBy(
            () ->
                BytecodeCompiler.builder(temp.resolve("no-python"))
                    .build()
                    .compile(List.of(new CompileRoot(temp, RUNTIME))))
        .isInstanceOf(BytecodeCompileException.class)
        .hasMessageContaining("cannot run");
  }
}
