package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.interpreter.ElfFile;
import dev.pylayer.optimize.CodeScope;
import dev.pylayer.optimize.OptimizeLevel;
import dev.pylayer.process.CommandResult;
import dev.pylayer.process.CommandRunner;
import dev.pylayer.testing.LayerBuildFixture;
import dev.pylayer.testing.WheelBuilder;
import dev.pylayer.verify.SmokeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End-to-end builds at the optimize levels, with real wheels that carry what the rules remove
 * (tests, stubs, C sources, licences), a shared library with debug information built by gcc and
 * loaded through {@code __file__}, and a distribution nothing imports.
 */
class LayerOptimizeTest {

  private static final String SMOKE = String.join("\n",
      "import bulky, dbgpkg",
      "assert bulky.VALUE == 7",
      "assert dbgpkg.answer() == 42, dbgpkg.answer()",
      "print('bulky', bulky.__file__)",
      "import bulky.types, sys",
      "print('lazy', 'bulky.types.beta' in sys.modules, bulky.types.Alpha.__module__,",
      "      'bulky.types.beta' in sys.modules)",
      "import json",
      "print('json', json.__file__)",
      "");

  @TempDir static Path shared;
  static LayerBuildFixture fixture;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws IOException {
    fixture = LayerBuildFixture.create(shared);
    Path wheels = shared.resolve("optimize-wheels");
    Files.createDirectories(wheels);
    String filler = "# filler so the rules have bytes to save\n".repeat(200);
    fixture.index.add(withTypes(WheelBuilder.wheel("bulky", "1.0"))
        .file("bulky/__init__.py", "VALUE = 7\n")
        .file("bulky/stub.pyi", "VALUE: int\n" + filler)
        .file("bulky/_speedups.c", "int f(void) { return 1; }\n" + filler.replace('#', ' '))
        .file("bulky/_speedups.h", "int f(void);\n")
        .file("bulky/tests/__init__.py", "")
        .file("bulky/tests/test_bulky.py", "def test_value():\n    assert True\n" + filler)
        .file("bulky/docs/index.txt", filler)
        .file("bulky-1.0.dist-info/LICENSE", "MIT licence text\n")
        .build(wheels));
    fixture.index.add(WheelBuilder.wheel("dbgpkg", "1.0")
        .tag("py3-none-manylinux_2_17_x86_64")
        .file("dbgpkg/__init__.py", String.join("\n",
            "import ctypes, os",
            "_lib = ctypes.CDLL(os.path.join(os.path.dirname(__file__), 'libanswer.so'))",
            "def answer():",
            "    return _lib.answer()",
            ""))
        .file("dbgpkg/libanswer.so", debugLibrary(shared), 0755)
        .build(wheels));
    // certifi's way of handing out its CA bundle: a path from importlib.resources.as_file
    fixture.index.add(WheelBuilder.wheel("certlike", "1.0")
        .file("certlike/__init__.py", String.join("\n",
            "from importlib.resources import as_file, files",
            "_ctx = as_file(files('certlike').joinpath('bundle.pem'))",
            "def where():",
            "    return str(_ctx.__enter__())",
            ""))
        .file("certlike/bundle.pem", "-----BEGIN CERTIFICATE-----\n")
        .build(wheels));
    fixture.index.add(WheelBuilder.wheel("unused", "1.0")
        .file("unused/__init__.py", "raise RuntimeError('never imported')\n")
        .file("unused/data.bin", new byte[4096])
        .build(wheels));
  }

  /** bulky.types: a package that only re-exports its submodules' names, as generated SDKs do. */
  private static WheelBuilder withTypes(WheelBuilder wheel) {
    return wheel
        .file("bulky/types/__init__.py", "from .alpha import Alpha as Alpha\n"
            + "from .beta import Beta as Beta\n")
        .file("bulky/types/alpha.py", "class Alpha:\n    pass\n")
        .file("bulky/types/beta.py", "class Beta:\n    pass\n");
  }

  /** A shared library with DWARF debug sections, built by the host's gcc. */
  private static byte[] debugLibrary(Path dir) throws IOException {
    Path source = dir.resolve("answer.c");
    Files.writeString(source, "int answer(void) { int x = 40; return x + 2; }\n");
    Path library = dir.resolve("libanswer.so");
    CommandResult result = CommandRunner.create()
        .environment(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"))
        .timeout(Duration.ofMinutes(2))
        .run(List.of("gcc", "-g", "-O0", "-shared", "-fPIC", "-o", library.toString(),
            source.toString()));
    assertThat(result.succeeded()).as(result.combinedOutput()).isTrue();
    return Files.readAllBytes(library);
  }

  @AfterAll
  static void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private LayerSpec.Builder spec(String... extra) throws IOException {
    String[] lines = new String[2 + extra.length];
    lines[0] = "bulky==1.0";
    lines[1] = "dbgpkg==1.0";
    System.arraycopy(extra, 0, lines, 2, extra.length);
    return fixture.spec(dir.resolve("out"), fixture.requirements(dir, lines))
        .smoke(SmokeSpec.of(true, SMOKE, Map.of()));
  }

  private LayerReport build(LayerSpec spec) throws IOException {
    return new LayerBuilder(fixture.context(dir, new BuildListener() {})).build(spec).get(0);
  }

  private Path sitePackages() {
    return dir.resolve("out/layer-build-x86_64/layer/python/lib/python3.11/site-packages");
  }

  @Test
  void balancedPrunesByRulesStripsNativeCodeAndDropsWhatNothingImports() throws IOException {
    Path library = shared.resolve("libanswer.so");
    long debugSize = Files.size(library);

    LayerReport report = build(spec("unused==1.0").layout(Layout.DIR).build());

    Path site = sitePackages();
    assertThat(report.optimize()).isEqualTo("balanced");
    assertThat(report.smoke().ok()).isTrue();
    assertThat(site.resolve("bulky/tests")).doesNotExist();
    assertThat(site.resolve("bulky/docs")).doesNotExist();
    assertThat(site.resolve("bulky/stub.pyi")).doesNotExist();
    assertThat(site.resolve("bulky/_speedups.c")).doesNotExist();
    assertThat(site.resolve("bulky/_speedups.h")).doesNotExist();
    assertThat(site.resolve("bulky-1.0.dist-info/METADATA")).isRegularFile();
    assertThat(site.resolve("bulky-1.0.dist-info/INSTALLER")).doesNotExist();
    assertThat(site.resolve("bulky-1.0.dist-info/LICENSE")).doesNotExist();
    assertThat(dir.resolve("out/layer-build-x86_64/layer/python/licenses/bulky-1.0/LICENSE"))
        .hasContent("MIT licence text");
    assertThat(Files.readString(site.resolve("bulky-1.0.dist-info/RECORD")))
        .contains("bulky/__init__.py").doesNotContain("bulky/tests", "stub.pyi");
    assertThat(report.pruned()).filteredOn(p -> List.of("package-tests", "type-stubs",
        "c-sources", "package-docs-examples").contains(p.rule()))
        .hasSize(4).allSatisfy(p -> assertThat(p.bytes()).isGreaterThan(0));
    long testsBytes = report.pruned().stream().filter(p -> p.rule().equals("package-tests"))
        .findFirst().orElseThrow().bytes();
    assertThat(testsBytes).isGreaterThan(8000); // the filler of test_bulky.py

    Path stripped = site.resolve("dbgpkg/libanswer.so");
    assertThat(Files.size(stripped)).isLessThan(debugSize);
    assertThat(sectionNames(stripped)).noneMatch(n -> n.startsWith(".debug"));
    assertThat(sectionNames(library)).anyMatch(n -> n.startsWith(".debug"));
    assertThat(report.nativeStrip().tool()).isNotNull();
    assertThat(report.nativeStrip().bytes()).isGreaterThan(0);

    assertThat(report.trace().dropped()).extracting(LayerReport.TraceItem::name)
        .containsExactly("unused");
    assertThat(site.resolve("unused")).doesNotExist();
    assertThat(site.resolve("unused-1.0.dist-info")).doesNotExist();
    assertThat(report.packages()).extracting(LayerReport.Package::name)
        .containsExactly("bulky", "dbgpkg");

    // sourceless bytecode in place of each source
    assertThat(site.resolve("bulky/__init__.py")).doesNotExist();
    assertThat(site.resolve("bulky/__init__.pyc")).isRegularFile();
    assertThat(report.smoke().output()).contains("site-packages/bulky/__init__.pyc");
  }

  @Test
  void theKeepListSparesADistributionNothingImports() throws IOException {
    LayerReport report = build(spec("unused==1.0").layout(Layout.DIR)
        .keepDistributions(List.of("Unused")).build());

    assertThat(report.trace().dropped()).isEmpty();
    assertThat(sitePackages().resolve("unused/data.bin")).isRegularFile();
  }

  @Test
  void withoutATraceOnlyTheRulesUntracedListIsDroppedAndTheReportSaysSo() throws IOException {
    Path rules = dir.resolve("untraced.toml");
    Files.writeString(rules, "[trace]\ndrop-when-untraced = [\"Unused\", \"bulky\"]\n");
    LayerSpec.Builder spec = spec("unused==1.0").layout(Layout.DIR)
        .pruneRuleFiles(List.of(rules)).smoke(SmokeSpec.of(false, SMOKE, Map.of()));

    LayerReport report = build(spec.build());

    assertThat(report.trace().dropped()).extracting(LayerReport.TraceItem::name)
        .containsExactly("bulky", "unused");
    assertThat(sitePackages().resolve("unused")).doesNotExist();
    assertThat(sitePackages().resolve("dbgpkg")).isDirectory();
    assertThat(report.warnings()).anyMatch(w -> w.contains("unverified")
        && w.contains("bulky, unused") && w.contains("--keep"));

    LayerReport kept = build(spec.keepDistributions(List.of("bulky")).build());
    assertThat(kept.trace().dropped()).extracting(LayerReport.TraceItem::name)
        .containsExactly("unused");
    assertThat(sitePackages().resolve("bulky")).isDirectory();
  }

  @Test
  void noneKeepsEverythingAsInstalled() throws IOException {
    LayerReport report = build(spec("unused==1.0").optimize(OptimizeLevel.NONE).build());

    assertThat(report.pruned()).isNull();
    assertThat(report.trace()).isNull();
    assertThat(sitePackages().resolve("bulky/tests/test_bulky.py")).isRegularFile();
    assertThat(sitePackages().resolve("bulky/__init__.py")).isRegularFile();
    assertThat(sitePackages().resolve("unused/__init__.py")).isRegularFile();
    assertThat(report.bytecode().lazyReexports()).isEmpty();
    assertThat(report.smoke().output()).contains("lazy True bulky.types.alpha True")
        .containsPattern("json \\S*/lib/python3.11/json/__init__.py");
    assertThat(sectionNames(sitePackages().resolve("dbgpkg/libanswer.so")))
        .anyMatch(n -> n.startsWith(".debug"));
  }

  @Test
  void aPruneRuleThatBreaksTheSmokeTestIsRefusedAndNoZipIsWritten() throws IOException {
    Path rules = dir.resolve("my-rules.toml");
    Files.writeString(rules, String.join("\n",
        "[[rule]]",
        "name = \"too-much\"",
        "reason = \"removes a module the smoke code imports\"",
        "paths = [\"bulky/__init__.py\"]",
        ""));
    LayerSpec spec = spec().pruneRuleFiles(List.of(rules)).build();

    assertThatThrownBy(() -> build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("--no-prune")
        .hasMessageContaining("bulky");
    assertThat(dir.resolve("out/layer-build-x86_64/python-demo-x86_64.zip")).doesNotExist();

    LayerReport report = build(spec.toBuilder().disabledPruneRules(List.of("too-much")).build());
    assertThat(report.smoke().ok()).isTrue();
  }

  @Test
  void anUnknownRuleNameToSwitchOffIsExplained() throws IOException {
    LayerSpec spec = spec().disabledPruneRules(List.of("no-such-rule")).build();

    assertThatThrownBy(() -> build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("no-such-rule")
        .hasMessageContaining("package-tests");
  }

  @Test
  void zipLayoutKeepsAPackageReadingItsOwnFilesAsADirectory() throws IOException {
    LayerReport report = build(spec().layout(Layout.ZIP).optimize(OptimizeLevel.BALANCED)
        .build());

    assertThat(report.smoke().ok()).isTrue();
    assertThat(sitePackages().resolve("dbgpkg/libanswer.so")).isRegularFile();
    assertThat(sitePackages().resolve("bulky")).doesNotExist();
    assertThat(report.smoke().output()).contains("site-packages.zip/bulky/__init__.pyc")
        .contains("lazy False bulky.types.alpha False") // lazy re-exports: beta never imported
        .containsPattern("json \\S*/lib/python311.zip/json/__init__.pyc"); // the stdlib zip
    assertThat(report.bytecode().lazyReexports())
        .containsExactly("/opt/python/lib/python3.11/site-packages.zip/bulky/types");
  }

  @Test
  void sizeCompilesWithoutDocstrings() throws IOException {
    String smoke = SMOKE + "import bulky.doc\nprint('doc:', bulky.doc.f.__doc__)\n";
    fixture.index.add(withTypes(WheelBuilder.wheel("bulky", "2.0"))
        .file("bulky/__init__.py", "VALUE = 7\n")
        .file("bulky/doc.py", "def f():\n    \"\"\"A docstring.\"\"\"\n")
        .build(Files.createDirectories(shared.resolve("size-wheels"))));
    LayerSpec spec = fixture.spec(dir.resolve("out"),
            fixture.requirements(dir, "bulky==2.0", "dbgpkg==1.0"))
        .smoke(SmokeSpec.of(true, smoke, Map.of())).optimize(OptimizeLevel.SIZE)
        .layout(Layout.DIR).build();

    LayerReport report = build(spec);

    assertThat(report.smoke().ok()).isTrue();
    assertThat(report.optimize()).isEqualTo("size");
    assertThat(report.smoke().output()).contains("doc: None");
    assertThat(sitePackages().resolve("bulky/doc.pyc")).isRegularFile();
    assertThat(sitePackages().resolve("bulky/doc.py")).doesNotExist();
  }

  @Test
  void sourcelessCanBeLimitedToTheStandardLibraryAndStdlibRulesPruneIt() throws IOException {
    Path rules = dir.resolve("stdlib-rules.toml");
    Files.writeString(rules, String.join("\n",
        "[[rule]]",
        "name = \"no-smtp\"",
        "reason = \"this function sends no mail\"",
        "scope = \"stdlib\"",
        "paths = [\"smtplib.py\"]",
        ""));
    LayerSpec spec = spec().layout(Layout.DIR).sourceless(Set.of(CodeScope.STDLIB))
        .pruneRuleFiles(List.of(rules)).build();

    LayerReport report = build(spec);

    Path stdlib = sitePackages().getParent();
    assertThat(report.smoke().ok()).isTrue();
    assertThat(stdlib.resolve("os.py")).doesNotExist();
    assertThat(stdlib.resolve("os.pyc")).isRegularFile();
    assertThat(stdlib.resolve("smtplib.py")).doesNotExist();
    assertThat(stdlib.resolve("smtplib.pyc")).doesNotExist();
    assertThat(report.pruned()).filteredOn(p -> p.rule().equals("no-smtp"))
        .singleElement().satisfies(p -> assertThat(p.files()).isEqualTo(1));
    assertThat(sitePackages().resolve("bulky/__init__.py")).isRegularFile();
    assertThat(sitePackages().resolve("bulky/__pycache__/__init__.cpython-311.pyc"))
        .isRegularFile();
    assertThat(sitePackages().resolve("bulky/__init__.pyc")).doesNotExist();
    assertThat(report.smoke().output()).contains("site-packages/bulky/__init__.py");
  }

  @ParameterizedTest
  @EnumSource(value = OptimizeLevel.class, names = {"BALANCED", "SIZE"})
  void balancedAndSizeDefaultToTheZipLayoutWithSourcelessBytecodeInTheZip(OptimizeLevel level)
      throws IOException {
    // certlike hands out its data file's path through importlib.resources, as certifi does
    String smoke = SMOKE + "import certlike\nprint('where', certlike.where())\n";
    LayerReport report = build(spec("certlike==1.0").optimize(level)
        .smoke(SmokeSpec.of(true, smoke, Map.of())).build());

    assertThat(report.layout()).isEqualTo("zip");
    assertThat(report.smoke().ok()).isTrue();
    assertThat(report.smoke().output()).contains("site-packages.zip/bulky/__init__.pyc");
    assertThat(dev.pylayer.pack.ZipInspector.inspect(sitePackages().resolveSibling(
            ZipLayout.ZIP_NAME)).entries()).extracting(e -> e.name())
        .contains("bulky/__init__.pyc").doesNotContain("bulky/__init__.py")
        .noneMatch(name -> name.startsWith("certlike"));
    // a real file, not a copy in a temporary directory
    assertThat(sitePackages().resolve("certlike/bundle.pem")).isRegularFile();
    assertThat(report.smoke().output())
        .containsPattern("where /\\S*/python/lib/python3.11/site-packages/certlike/bundle.pem");
  }

  private static List<String> sectionNames(Path elf) throws IOException {
    CommandResult result = CommandRunner.create()
        .environment(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LC_ALL", "C"))
        .timeout(Duration.ofMinutes(1))
        .run(List.of("readelf", "-S", "-W", elf.toString()));
    assertThat(result.succeeded()).as(result.combinedOutput()).isTrue();
    assertThat(ElfFile.isElf(elf)).isTrue();
    return result.combinedOutput().lines()
        .map(String::strip)
        .filter(l -> l.startsWith("["))
        .map(l -> l.replaceFirst("^\\[\\s*\\d+\\]\\s*", ""))
        .map(l -> l.split("\\s+")[0])
        .toList();
  }
}
