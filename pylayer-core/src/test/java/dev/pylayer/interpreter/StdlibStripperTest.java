package dev.pylayer.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StdlibStripperTest {

  private static final Path HOST_PYTHON = Paths.get("/root/.pyenv/versions/3.11.7/bin/python3.11");

  @TempDir Path temp;

  /** Builds a PBS-like tree and remembers, for every file, which rule should remove it. */
  private static final class Tree {
    final Path root;
    final Path home;
    final Map<String, String> expectedRule = new LinkedHashMap<>(); // path -> rule or "keep"
    final Map<String, Long> sizes = new LinkedHashMap<>();

    Tree(Path root) {
      this.root = root;
      this.home = root.resolve("python");
    }

    Tree file(String path, int size, String rule) throws IOException {
      Path file = home.resolve(path);
      Files.createDirectories(file.getParent());
      byte[] content = new byte[size];
      for (int i = 0; i < size; i++) {
        content[i] = (byte) (i * 31 + path.length());
      }
      Files.write(file, content);
      expectedRule.put(path, rule);
      sizes.put(path, (long) size);
      return this;
    }

    Tree copy(String path, Path source, String rule) throws IOException {
      Path file = home.resolve(path);
      Files.createDirectories(file.getParent());
      Files.copy(source, file);
      expectedRule.put(path, rule);
      sizes.put(path, Files.size(file));
      return this;
    }

    Tree link(String path, String target, String rule) throws IOException {
      Path link = home.resolve(path);
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Paths.get(target));
      expectedRule.put(path, rule);
      sizes.put(path, 0L);
      return this;
    }

    long expectedBytes(String rule) {
      return expectedRule.entrySet().stream().filter(e -> e.getValue().equals(rule))
          .mapToLong(e -> sizes.get(e.getKey())).sum();
    }

    int expectedFiles(String rule) {
      return (int) expectedRule.values().stream().filter(rule::equals).count();
    }
  }

  private Tree pbsLikeTree(Path interpreterSource) throws IOException {
    Tree tree = new Tree(temp.resolve("layer"));
    String keep = "keep";
    tree.copy("bin/python3.11", interpreterSource, keep)
        .link("bin/python3", "python3.11", keep)
        .copy("bin/python", interpreterSource, "extra-bin") // a copy: becomes a link
        .file("bin/pip3", 40, "extra-bin")
        .file("bin/pip3.11", 40, "extra-bin")
        .file("bin/idle3", 41, "extra-bin")
        .file("bin/pydoc3", 42, "extra-bin")
        .file("bin/2to3", 43, "extra-bin")
        .file("bin/python3.11-config", 300, "extra-bin")
        .file("lib/libpython3.11.so.1.0", 5000, "libpython-duplicate")
        .link("lib/libpython3.11.so", "libpython3.11.so.1.0", "libpython-duplicate")
        .file("lib/libpython3.so", 120, "libpython-duplicate")
        .file("lib/libtcl8.6.so", 700, "tkinter-tcl-tk")
        .file("lib/libtk8.6.so", 600, "tkinter-tcl-tk")
        .file("lib/tcl8.6/init.tcl", 250, "tkinter-tcl-tk")
        .file("lib/tcl8/8.5/msgcat.tm", 99, "tkinter-tcl-tk")
        .file("lib/tk8.6/tk.tcl", 260, "tkinter-tcl-tk")
        .file("lib/itcl4.2.3/itcl.tcl", 30, "tkinter-tcl-tk")
        .file("lib/thread2.8.8/pkgIndex.tcl", 31, "tkinter-tcl-tk")
        .file("lib/pkgconfig/python-3.11.pc", 200, "pkgconfig")
        .file("include/python3.11/Python.h", 3000, "headers")
        .file("share/terminfo/x/xterm", 1500, "share")
        .file("lib/python3.11/os.py", 1100, keep)
        .file("lib/python3.11/pydoc.py", 900, keep)
        .file("lib/python3.11/json/__init__.py", 400, keep)
        .file("lib/python3.11/unittest/case.py", 500, keep)
        .file("lib/python3.11/unittest/test/test_case.py", 510, "tests")
        .file("lib/python3.11/ctypes/test/test_x.py", 511, "tests")
        .file("lib/python3.11/sqlite3/test/test_x.py", 512, "tests")
        .file("lib/python3.11/distutils/tests/test_x.py", 513, "tests")
        .file("lib/python3.11/test/__init__.py", 514, "tests")
        .file("lib/python3.11/test/support/__init__.py", 515, "tests")
        .file("lib/python3.11/idlelib/idle.py", 600, "idlelib")
        .file("lib/python3.11/idlelib/idle_test/test_x.py", 601, "idlelib")
        .file("lib/python3.11/tkinter/__init__.py", 602, "tkinter-tcl-tk")
        .file("lib/python3.11/tkinter/test/test_x.py", 603, "tkinter-tcl-tk")
        .file("lib/python3.11/lib-dynload/_tkinter.cpython-311-x86_64-linux-gnu.so", 604,
            "tkinter-tcl-tk")
        .file("lib/python3.11/lib-dynload/_json.cpython-311-x86_64-linux-gnu.so", 605, keep)
        .file("lib/python3.11/lib-dynload/_testcapi.cpython-311-x86_64-linux-gnu.so", 606,
            "test-extension-modules")
        .file("lib/python3.11/lib-dynload/xxlimited.cpython-311-x86_64-linux-gnu.so", 607,
            "test-extension-modules")
        .file("lib/python3.11/turtledemo/__main__.py", 610, "turtledemo")
        .file("lib/python3.11/turtle.py", 611, "turtledemo")
        .file("lib/python3.11/lib2to3/main.py", 620, "lib2to3")
        .file("lib/python3.11/lib2to3/tests/test_x.py", 621, "lib2to3")
        .file("lib/python3.11/pydoc_data/topics.py", 630, "pydoc-data")
        .file("lib/python3.11/ensurepip/__init__.py", 640, "pip-setuptools")
        .file("lib/python3.11/ensurepip/_bundled/pip-23.2.1-py3-none-any.whl", 2000,
            "pip-setuptools")
        .file("lib/python3.11/config-3.11-x86_64-linux-gnu/Makefile", 800, "config")
        .file("lib/python3.11/site-packages/README.txt", 119, keep)
        .file("lib/python3.11/site-packages/pip/__init__.py", 650, "pip-setuptools")
        .file("lib/python3.11/site-packages/pip-23.2.1.dist-info/RECORD", 651, "pip-setuptools")
        .file("lib/python3.11/site-packages/setuptools/__init__.py", 652, "pip-setuptools")
        .file("lib/python3.11/site-packages/setuptools-65.5.0.dist-info/RECORD", 653,
            "pip-setuptools")
        .file("lib/python3.11/site-packages/pkg_resources/__init__.py", 654, "pip-setuptools")
        .file("lib/python3.11/site-packages/_distutils_hack/__init__.py", 655, "pip-setuptools")
        .file("lib/python3.11/site-packages/distutils-precedence.pth", 656, "pip-setuptools")
        .file("lib/python3.11/site-packages/pipx_like/__init__.py", 657, keep)
        .file("lib/python3.11/site-packages/mypkg/tests/test_mine.py", 658, keep)
        .file("lib/python3.11/__pycache__/os.cpython-311.pyc", 700, "pycache")
        .file("lib/python3.11/json/__pycache__/__init__.cpython-311.pyc", 701, "pycache");
    return tree;
  }

  private static void assertStripped(Tree tree, StripReport report) {
    for (Map.Entry<String, String> expected : tree.expectedRule.entrySet()) {
      Path path = tree.home.resolve(expected.getKey());
      boolean exists = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
      if (expected.getValue().equals("keep")) {
        assertThat(exists).as(expected.getKey() + " kept").isTrue();
      } else if (!expected.getKey().equals("bin/python")) {
        assertThat(exists).as(expected.getKey() + " removed").isFalse();
      }
    }
    for (StripRule rule : StdlibStripper.defaultRules()) {
      StripReport.Entry entry = report.entry(rule.name()).orElseThrow();
      assertThat(entry.bytes()).as(rule.name() + " bytes")
          .isEqualTo(tree.expectedBytes(rule.name()));
      assertThat(entry.files()).as(rule.name() + " files")
          .isEqualTo(tree.expectedFiles(rule.name()));
    }
  }

  @Test
  void stripsEveryRuleAndDropsLibpythonTheInterpreterDoesNotNeed() throws IOException {
    Path ls = Paths.get("/bin/ls");
    assumeTrue(ElfFile.isElf(ls), "/bin/ls is not an ELF here");
    assertThat(ElfFile.read(ls).needed()).noneMatch(n -> n.startsWith("libpython"));
    Tree tree = pbsLikeTree(ls);

    StripReport report = StdlibStripper.withDefaultRules()
        .strip(InterpreterLayout.detect(tree.root));

    assertStripped(tree, report);
    assertThat(tree.home.resolve("lib/libpython3.11.so.1.0")).doesNotExist();
    assertThat(report.totalBytes()).isEqualTo(StdlibStripper.defaultRules().stream()
        .mapToLong(r -> tree.expectedBytes(r.name())).sum());
    assertThat(report.notes()).noneMatch(n -> n.contains("libpython"));
    assertLaunchers(tree.home.resolve("bin"));
    // directories emptied by whole-directory rules are gone too
    assertThat(tree.home.resolve("include")).doesNotExist();
    assertThat(tree.home.resolve("lib/python3.11/idlelib")).doesNotExist();
    assertThat(tree.home.resolve("lib/python3.11/unittest/test")).doesNotExist();
    assertThat(tree.home.resolve("lib/python3.11/unittest")).isDirectory();
  }

  @Test
  void keepsLibpythonWhenTheInterpreterNeedsIt() throws IOException {
    assumeTrue(Files.isRegularFile(HOST_PYTHON), HOST_PYTHON + " is not on this machine");
    assumeTrue(ElfFile.read(HOST_PYTHON).needed().contains("libpython3.11.so.1.0"),
        "the host python does not link libpython dynamically");
    Tree tree = pbsLikeTree(HOST_PYTHON);
    tree.expectedRule.put("lib/libpython3.11.so.1.0", "keep");

    StripReport report = StdlibStripper.withDefaultRules()
        .strip(InterpreterLayout.detect(tree.root));

    assertStripped(tree, report);
    assertThat(tree.home.resolve("lib/libpython3.11.so.1.0")).isRegularFile();
    assertThat(tree.home.resolve("lib/libpython3.11.so")).doesNotExist();
    assertThat(report.entry("libpython-duplicate").orElseThrow().files()).isEqualTo(2);
    assertThat(report.notes()).anyMatch(n -> n.contains("kept libpython3.11.so.1.0")
        && n.contains("DT_NEEDED"));
    assertLaunchers(tree.home.resolve("bin"));
  }

  @Test
  void keepsLibpythonWhenAnExtensionModuleNeedsIt() throws IOException {
    assumeTrue(Processes.available("patchelf", "--version"), "patchelf is not installed");
    Path ls = Paths.get("/bin/ls");
    Tree tree = pbsLikeTree(ls);
    tree.expectedRule.put("lib/libpython3.11.so.1.0", "keep");
    // an extension module that (wrongly) links libpython, like those of PBS issue #619
    Path module = tree.home.resolve("lib/python3.11/site-packages/native/_impl.so");
    Files.createDirectories(module.getParent());
    Files.copy(ls, module);
    Processes.run("patchelf", "--add-needed", "libpython3.11.so.1.0", module.toString())
        .requireSuccess();
    // libpython3.so, itself removed, needs libpython3.11.so.1.0 by an $ORIGIN path: not a reason
    Path stableAbi = tree.home.resolve("lib/libpython3.so");
    Files.delete(stableAbi);
    Files.copy(ls, stableAbi);
    Processes.run("patchelf", "--add-needed", "$ORIGIN/../lib/libpython3.11.so.1.0",
        stableAbi.toString()).requireSuccess();

    StripReport report = StdlibStripper.withDefaultRules()
        .strip(InterpreterLayout.detect(tree.root));

    assertThat(tree.home.resolve("lib/libpython3.11.so.1.0")).isRegularFile();
    assertThat(stableAbi).doesNotExist();
    assertThat(report.notes()).containsExactly("kept libpython3.11.so.1.0:"
        + " lib/python3.11/site-packages/native/_impl.so needs it (DT_NEEDED)");
  }

  @Test
  void libpythonNeededOnlyByItsOwnShimIsDropped() throws IOException {
    assumeTrue(Processes.available("patchelf", "--version"), "patchelf is not installed");
    Path ls = Paths.get("/bin/ls");
    Tree tree = pbsLikeTree(ls);
    Path stableAbi = tree.home.resolve("lib/libpython3.so");
    Files.delete(stableAbi);
    Files.copy(ls, stableAbi);
    Processes.run("patchelf", "--add-needed", "$ORIGIN/../lib/libpython3.11.so.1.0",
        stableAbi.toString()).requireSuccess();

    StdlibStripper.withDefaultRules().strip(InterpreterLayout.detect(tree.root));

    assertThat(tree.home.resolve("lib/libpython3.11.so.1.0")).doesNotExist();
    assertThat(stableAbi).doesNotExist();
  }

  @Test
  void makesTheVersionedInterpreterTheRealFile() throws IOException {
    Tree tree = new Tree(temp.resolve("layer"));
    tree.copy("bin/python3", Paths.get("/bin/ls"), "keep")
        .link("bin/python3.11", "python3", "keep")
        .link("bin/python", "python3", "keep")
        .file("lib/python3.11/os.py", 10, "keep");
    long size = Files.size(Paths.get("/bin/ls"));

    StdlibStripper.withDefaultRules().strip(InterpreterLayout.detect(tree.root));

    Path bin = tree.home.resolve("bin");
    assertThat(Files.isSymbolicLink(bin.resolve("python3.11"))).isFalse();
    assertThat(Files.size(bin.resolve("python3.11"))).isEqualTo(size);
    assertLaunchers(bin);
  }

  @Test
  void rulesCanBeSwitchedOffAndReplaced() throws IOException {
    Tree tree = pbsLikeTree(Paths.get("/bin/ls"));
    StdlibStripper keepTests = StdlibStripper.withDefaultRules().without(Set.of("tests"));
    assertThat(keepTests.rules()).extracting(StripRule::name).doesNotContain("tests");

    StripReport report = keepTests.strip(InterpreterLayout.detect(tree.root));

    assertThat(report.entry("tests")).isEmpty();
    assertThat(tree.home.resolve("lib/python3.11/test/support/__init__.py")).isRegularFile();
    assertThat(tree.home.resolve("lib/python3.11/idlelib")).doesNotExist();

    Tree other = new Tree(temp.resolve("other"));
    other.copy("bin/python3.11", Paths.get("/bin/ls"), "keep")
        .file("lib/python3.11/os.py", 10, "keep")
        .file("lib/python3.11/big/data.bin", 123, "mine");
    StripReport mine = StdlibStripper.withRules(List.of(
        StripRule.of("mine", "test data", "lib/<py>/big"))).strip(
            InterpreterLayout.detect(other.root));
    assertThat(mine.entries()).hasSize(2); // "mine" and the launcher clean-up
    assertThat(mine.entry("mine").orElseThrow().bytes()).isEqualTo(123);
    assertThat(other.home.resolve("lib/python3.11/big")).doesNotExist();
  }

  @Test
  void badGlobsAreRejectedWhenTheRuleIsMade() {
    assertThatThrownBy(() -> StripRule.of("broken", "why", "lib/[unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strip rule 'broken'")
        .hasMessageContaining("'lib/[unclosed'");
    assertThatThrownBy(() -> StripRule.of("empty", "why"))
        .hasMessageContaining("has no patterns");
  }

  @Test
  void reportPrintsOneLinePerRule() throws IOException {
    Tree tree = pbsLikeTree(Paths.get("/bin/ls"));
    StripReport report =
        StdlibStripper.withDefaultRules().strip(InterpreterLayout.detect(tree.root));
    List<String> lines = report.toString().lines().collect(Collectors.toList());
    assertThat(lines).hasSize(StdlibStripper.defaultRules().size() + 1 + report.notes().size());
    assertThat(lines.get(lines.size() - 1 - report.notes().size())).startsWith("total");
  }

  private static void assertLaunchers(Path bin) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> children = Files.list(bin)) {
      children.forEach(p -> names.add(p.getFileName().toString()));
    }
    assertThat(names).containsExactlyInAnyOrder("python3.11", "python3", "python");
    assertThat(Files.isRegularFile(bin.resolve("python3.11"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    for (String alias : new String[] {"python3", "python"}) {
      assertThat(Files.isSymbolicLink(bin.resolve(alias))).as(alias).isTrue();
      assertThat(Files.readSymbolicLink(bin.resolve(alias)).toString()).isEqualTo("python3.11");
    }
  }
}
