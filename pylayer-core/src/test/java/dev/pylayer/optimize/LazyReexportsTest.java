package dev.pylayer.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.optimize.BytecodeCompiler.Placement;
import dev.pylayer.testing.HostPython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lazy re-exports: BytecodeCompiler compiling re-export-only packages to import on first use. */
class LazyReexportsTest {

  private static final String RUNTIME = "/opt/python/lib/python3.11/site-packages";

  @TempDir Path temp;

  private Path python;

  @BeforeEach
  void findPython() {
    assumeTrue(HostPython.find().isPresent(), "needs host python3");
    python = HostPython.find().get();
  }

  /**
   * site-packages with: sdk (re-exports only, in the style of generated SDKs), mixed (re-exports
   * plus a statement), clash (re-exports a name that is also a submodule's); every submodule
   * records its import in trail.LOG.
   */
  private Path writeTree(Path root) throws IOException {
    write(root.resolve("trail.py"), "LOG = []\n");
    write(root.resolve("sdk/__init__.py"), "\"\"\"The SDK.\"\"\"\n"
        + "# File generated from our OpenAPI spec\n"
        + "from __future__ import annotations\n\n"
        + "from .alpha import Alpha as Alpha\n"
        + "from .beta import Beta, helper as helper2\n"
        + "from .gamma.deep import Deep as Deep\n"
        + "from .alpha import Alpha as Again\n");
    write(root.resolve("sdk/alpha.py"), "import trail\ntrail.LOG.append('alpha')\nclass Alpha: pass\n");
    write(root.resolve("sdk/beta.py"), "import trail\ntrail.LOG.append('beta')\nclass Beta: pass\n"
        + "def helper():\n    return 'helped'\n");
    write(root.resolve("sdk/gamma/__init__.py"), "");
    write(root.resolve("sdk/gamma/deep.py"), "import trail\ntrail.LOG.append('deep')\n"
        + "class Deep: pass\n");
    write(root.resolve("mixed/__init__.py"), "from .one import One as One\n"
        + "from .two import Two as Two\nVERSION = '1'\n");
    write(root.resolve("mixed/one.py"), "import trail\ntrail.LOG.append('one')\nclass One: pass\n");
    write(root.resolve("mixed/two.py"), "class Two: pass\n");
    write(root.resolve("clash/__init__.py"), "from .thing import thing as thing\n"
        + "from .other import Other as Other\n");
    write(root.resolve("clash/thing.py"), "import trail\ntrail.LOG.append('thing')\n"
        + "def thing():\n    return 1\n");
    write(root.resolve("clash/other.py"), "class Other: pass\n");
    return root;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private HostPython.Result run(Path sitePackages, String code) {
    return HostPython.run(sitePackages.getParent(), Map.of(), "-S", "-s", "-B", "-c",
        "import sys; sys.path.insert(0, '" + sitePackages + "')\n" + code);
  }

  @Test
  void reexportOnlyPackagesImportEachSubmoduleOnFirstUseWithTheSameNamesAndObjects()
      throws Exception {
    Path root = writeTree(temp.resolve("site-packages"));
    CompileResult result = BytecodeCompiler.builder(python).placement(Placement.LEGACY)
        .removeSource(true).lazyReexportsUnder(List.of(root)).build()
        .compile(List.of(new CompileRoot(root, RUNTIME)));

    assertThat(result.lazyPackages()).containsExactly(RUNTIME + "/sdk");
    HostPython.Result run = run(root, String.join("\n",
        "import trail, sdk, mixed, clash",
        "print(trail.LOG)",
        "print(sdk.Alpha.__module__, sdk.Again is sdk.Alpha, trail.LOG)",
        "print(sdk.helper2(), sdk.Deep.__module__, sdk.gamma.deep.Deep is sdk.Deep)",
        "print(sorted(n for n in dir(sdk) if not n.startswith('_')))",
        "ns = {}",
        "exec('from sdk import *', ns)",
        "print(sorted(n for n in ns if not n.startswith('_')))",
        "print(sdk.__doc__)",
        "try:",
        "    sdk.Missing",
        "except AttributeError as e:",
        "    print(e)",
        ""));

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.stdout.lines().toList()).containsExactly(
        "['one', 'thing']", // mixed and clash were left eager; sdk imported nothing yet
        "sdk.alpha True ['one', 'thing', 'alpha']",
        "helped sdk.gamma.deep True",
        "['Again', 'Alpha', 'Beta', 'Deep', 'alpha', 'beta', 'gamma', 'helper2']",
        "['Again', 'Alpha', 'Beta', 'Deep', 'alpha', 'beta', 'gamma', 'helper2']",
        "The SDK.",
        "module 'sdk' has no attribute 'Missing'");
  }

  @Test
  void keptSourcesAreTheTextCompiledAndOnlyDirectoriesAskedForChange() throws Exception {
    Path root = writeTree(temp.resolve("site-packages"));
    Path elsewhere = writeTree(temp.resolve("vendor"));
    String original = Files.readString(root.resolve("sdk/__init__.py"));
    CompileResult result = BytecodeCompiler.builder(python)
        .lazyReexportsUnder(List.of(root)).build()
        .compile(List.of(new CompileRoot(root, RUNTIME),
            new CompileRoot(elsewhere, "/opt/python/vendor")));

    assertThat(result.lazyPackages()).containsExactly(RUNTIME + "/sdk");
    assertThat(Files.readString(root.resolve("sdk/__init__.py")))
        .startsWith("'The SDK.'\n# pylayer: this package's re-exports are imported on first use")
        .contains("def __getattr__(name):");
    assertThat(Files.readString(elsewhere.resolve("sdk/__init__.py"))).isEqualTo(original);
    assertThat(Files.readString(root.resolve("mixed/__init__.py"))).contains("VERSION = '1'");
    try (var files = Files.walk(root)) {
      assertThat(files.map(Path::toString)).noneMatch(p -> p.endsWith(".pylayer-lazy"));
    }
    HostPython.Result run = run(root, "import trail, sdk\nprint(list(trail.LOG), sdk.Beta.__name__, trail.LOG)");
    assertThat(run.stdout.strip()).as(run.toString()).isEqualTo("[] Beta ['beta']");
  }

  @Test
  void withoutTheOptionEveryPackageStaysAsWritten() throws Exception {
    Path root = writeTree(temp.resolve("site-packages"));
    String original = Files.readString(root.resolve("sdk/__init__.py"));
    CompileResult result = BytecodeCompiler.builder(python).build()
        .compile(List.of(new CompileRoot(root, RUNTIME)));

    assertThat(result.lazyPackages()).isEmpty();
    assertThat(Files.readString(root.resolve("sdk/__init__.py"))).isEqualTo(original);
    HostPython.Result run = run(root, "import trail, sdk\nprint(trail.LOG)");
    assertThat(run.stdout.strip()).as(run.toString()).isEqualTo("['alpha', 'beta', 'deep']");
  }
}
