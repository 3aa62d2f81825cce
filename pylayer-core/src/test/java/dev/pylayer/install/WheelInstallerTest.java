package dev.pylayer.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.testing.HostPython;
import dev.pylayer.testing.WheelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WheelInstallerTest {

  @TempDir Path temp;

  private Path wheels() throws IOException {
    return Files.createDirectories(temp.resolve("wheels"));
  }

  private Path site() {
    return temp.resolve("layer/python/lib/python3.11/site-packages");
  }

  private WheelInstaller installer() {
    return WheelInstaller.create(InstallScheme.sitePackagesOnly(site()));
  }

  /** Every regular file under {@code root}: relative path → content. */
  private static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.exists(root)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).collect(Collectors.toList())) {
        files.put(root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
      }
    }
    return files;
  }

  private static List<String> listing(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.map(p -> root.relativize(p).toString()).sorted().collect(Collectors.toList());
    }
  }

  private static HostPython.Result python(Path sitePackages, String code) {
    return HostPython.run(
        sitePackages,
        Map.of("PYTHONPATH", sitePackages.toString()),
        "-I",
        "-c",
        "import sys; sys.path.insert(0, " + pyString(sitePackages.toString()) + ")\n" + code);
  }

  private static String pyString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Test
  void installsPureWheelWithNewRecordAndInstaller() throws Exception {
    Path wheel =
        WheelBuilder.wheel("Demo-Pkg", "1.0")
            .file("demo_pkg/__init__.py", "from .core import answer\n")
            .file("demo_pkg/core.py", "answer = 42\n")
            .requires("idna>=3")
            .requires("pyyaml; extra == \"yaml\"")
            .requiresPython(">=3.8")
            .build(wheels());

    InstalledDistribution dist = installer().install(wheel);

    assertThat(dist.name().value()).isEqualTo("demo-pkg");
    assertThat(dist.version()).isEqualTo("1.0");
    assertThat(dist.distInfoDirectory()).isEqualTo(site().resolve("demo_pkg-1.0.dist-info"));
    assertThat(dist.rootIsPurelib()).isTrue();
    assertThat(dist.requiresDist()).containsExactly("idna>=3", "pyyaml; extra == \"yaml\"");
    assertThat(dist.requiresPython()).contains(">=3.8");
    assertThat(dist.topLevelNames()).containsExactly("demo_pkg");
    assertThat(dist.hasExtensionModules()).isFalse();
    assertThat(dist.droppedFiles()).isEmpty();
    assertThat(dist.warnings()).isEmpty();

    Map<String, byte[]> installed = tree(site());
    assertThat(installed.keySet())
        .containsExactly(
            "demo_pkg-1.0.dist-info/INSTALLER",
            "demo_pkg-1.0.dist-info/METADATA",
            "demo_pkg-1.0.dist-info/RECORD",
            "demo_pkg-1.0.dist-info/WHEEL",
            "demo_pkg/__init__.py",
            "demo_pkg/core.py");
    assertThat(
            new String(installed.get("demo_pkg-1.0.dist-info/INSTALLER"), StandardCharsets.UTF_8))
        .isEqualTo("pylayer\n");
    assertThat(dist.files())
        .extracting(InstalledFile::recordPath)
        .containsExactlyElementsOf(installed.keySet());
    long total = installed.values().stream().mapToLong(b -> b.length).sum();
    assertThat(dist.totalBytes()).isEqualTo(total);

    // the new RECORD lists every installed file with its real hash and size, and itself unhashed
    List<String> expectedRows = new ArrayList<>();
    installed.forEach(
        (path, content) ->
            expectedRows.add(
                path.endsWith("/RECORD")
                    ? path + ",,"
                    : path + ",sha256=" + WheelBuilder.sha256(content) + "," + content.length));
    assertThat(
            new String(installed.get("demo_pkg-1.0.dist-info/RECORD"), StandardCharsets.UTF_8)
                .split("\n"))
        .containsExactlyElementsOf(expectedRows);
    assertThat(listing(site().getParent())).noneMatch(p -> p.contains(".pylayer-staging"));
  }

  @Test
  void installedPureWheelImportsAndHasValidMetadataForPython() throws Exception {
    assumeTrue(HostPython.find().isPresent(), "needs host python3");
    Path wheel =
        WheelBuilder.wheel("demo-pkg", "2.5")
            .file("demo_pkg/__init__.py", "answer = 42\n")
            .requires("idna>=3")
            .build(wheels());
    installer().install(wheel);

    HostPython.Result result =
        python(
            site(),
            "import demo_pkg, importlib.metadata as md\n"
                + "print(demo_pkg.answer, md.version('demo-pkg'), md.requires('demo-pkg'))\n"
                + "print(sorted(str(f) for f in md.files('demo-pkg')))\n"
                + "bad = [str(f) for f in md.files('demo-pkg') if f.hash and"
                + " f.read_binary() is not None and __import__('hashlib').sha256(f.read_binary())"
                + ".digest() != __import__('base64').urlsafe_b64decode(f.hash.value + '==')]\n"
                + "print('bad', bad)");
    assertThat(result.exitCode).as(result.toString()).isZero();
    assertThat(result.stdout).startsWith("42 2.5 ['idna>=3']");
    assertThat(result.stdout).contains("'demo_pkg/__init__.py'").contains("bad []");
  }

  @Test
  void installsExtensionModuleThatImports() throws Exception {
    assumeTrue(HostPython.find().isPresent(), "needs host python3");
    HostPython.Result where =
        HostPython.run(temp, Map.of(), "-I", "-c", "import _bisect; print(_bisect.__file__)");
    assumeTrue(
        where.exitCode == 0 && where.stdout.strip().endsWith(".so"), "needs a shared _bisect");
    Path hostSo = Path.of(where.stdout.strip());
    String soName = hostSo.getFileName().toString(); // _bisect.cpython-311-x86_64-linux-gnu.so

    Path wheel =
        WheelBuilder.wheel("fast-pkg", "0.1")
            .tag("cp311-cp311-linux_x86_64")
            .file("fast_pkg/__init__.py", "")
            .file("fast_pkg/" + soName, Files.readAllBytes(hostSo), 0755)
            .build(wheels());
    InstalledDistribution dist = installer().install(wheel);

    assertThat(dist.rootIsPurelib()).isFalse();
    assertThat(dist.hasExtensionModules()).isTrue();
    assertThat(Files.getPosixFilePermissions(site().resolve("fast_pkg/" + soName)))
        .contains(PosixFilePermission.OWNER_EXECUTE);
    HostPython.Result result =
        python(
            site(), "import fast_pkg._bisect as b; print(b.bisect_left([1, 3, 5], 4), b.__file__)");
    assertThat(result.exitCode).as(result.toString()).isZero();
    assertThat(result.stdout).startsWith("2 " + site().resolve("fast_pkg/" + soName));
  }

  @Test
  void keepsExecutableBitAndWritesFixedModes() throws Exception {
    Path wheel =
        WheelBuilder.wheel("modes", "1")
            .file("modes/__init__.py", "".getBytes(StandardCharsets.UTF_8), 0600)
            .executable("modes/tool.sh", "#!/bin/sh\necho hi\n")
            .build(wheels());
    installer().install(wheel);

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(site().resolve("modes/tool.sh"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(site().resolve("modes/__init__.py"))))
        .isEqualTo("rw-r--r--");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(site().resolve("modes"))))
        .isEqualTo("rwxr-xr-x");
  }

  private WheelBuilder dataWheel() {
    return WheelBuilder.wheel("demo-pkg", "1.0")
        .tag("cp311-cp311-linux_x86_64")
        .file("demo_pkg/__init__.py", "")
        .data("purelib/demo_pure.py", "PURE = 1\n")
        .data("platlib/demo_plat.py", "PLAT = 1\n")
        .data("scripts/demo-cli", "#!python\nimport demo_pkg\n")
        .data("scripts/demo-sh", "#!/bin/sh\necho demo\n")
        .data("headers/demo.h", "int demo(void);\n")
        .data("data/share/demo/x.txt", "hello");
  }

  @Test
  void defaultSchemeInstallsLibrariesAndDropsScriptsHeadersData() throws Exception {
    InstalledDistribution dist = installer().install(dataWheel().build(wheels()));

    assertThat(site().resolve("demo_pure.py")).hasContent("PURE = 1");
    assertThat(site().resolve("demo_plat.py")).hasContent("PLAT = 1");
    assertThat(site().resolve("demo_pkg-1.0.data")).doesNotExist();
    assertThat(listing(temp.resolve("layer")))
        .noneMatch(p -> p.contains("demo-cli") || p.contains("demo.h") || p.contains("x.txt"));
    assertThat(dist.droppedFiles())
        .extracting(DroppedFile::wheelPath)
        .containsExactlyInAnyOrder(
            "demo_pkg-1.0.data/scripts/demo-cli",
            "demo_pkg-1.0.data/scripts/demo-sh",
            "demo_pkg-1.0.data/headers/demo.h",
            "demo_pkg-1.0.data/data/share/demo/x.txt");
    assertThat(dist.droppedFiles())
        .extracting(DroppedFile::reason)
        .anyMatch(r -> r.contains("scripts"))
        .anyMatch(r -> r.contains("data"));
    assertThat(dist.topLevelNames()).containsExactly("demo_pkg", "demo_plat", "demo_pure");
  }

  @Test
  void configuredSchemeSpreadsDataDirectoryAndRewritesShebang() throws Exception {
    Path prefix = temp.resolve("layer/python");
    InstallScheme scheme =
        InstallScheme.builder(site())
            .scripts(prefix.resolve("bin"), "/opt/python/bin/python3.11")
            .headers(prefix.resolve("include/site"))
            .data(prefix)
            .build();
    InstalledDistribution dist = WheelInstaller.create(scheme).install(dataWheel().build(wheels()));

    assertThat(dist.droppedFiles()).isEmpty();
    Path cli = prefix.resolve("bin/demo-cli");
    assertThat(cli).hasContent("#!/opt/python/bin/python3.11\nimport demo_pkg");
    assertThat(Files.isExecutable(cli)).isTrue();
    assertThat(prefix.resolve("bin/demo-sh")).hasContent("#!/bin/sh\necho demo");
    assertThat(prefix.resolve("include/site/demo_pkg/demo.h")).hasContent("int demo(void);");
    assertThat(prefix.resolve("share/demo/x.txt")).hasContent("hello");

    String record = Files.readString(site().resolve("demo_pkg-1.0.dist-info/RECORD"));
    byte[] rewritten = Files.readAllBytes(cli);
    assertThat(record)
        .contains(
            "../../../bin/demo-cli,sha256="
                + WheelBuilder.sha256(rewritten)
                + ","
                + rewritten.length
                + "\n")
        .contains("../../../share/demo/x.txt,sha256=")
        .contains("../../../include/site/demo_pkg/demo.h,sha256=")
        .contains("\ndemo_pure.py,sha256=");
    assertThat(dist.files())
        .extracting(InstalledFile::recordPath)
        .contains("../../../bin/demo-cli");
  }

  @Test
  void namespacePackageSharedByTwoWheelsImports() throws Exception {
    Path a =
        WheelBuilder.wheel("ns-a", "1.0").file("ns/a/__init__.py", "NAME = 'a'\n").build(wheels());
    Path b =
        WheelBuilder.wheel("ns-b", "1.0").file("ns/b/__init__.py", "NAME = 'b'\n").build(wheels());
    InstalledDistribution first = installer().install(a);
    installer().install(b);

    assertThat(first.topLevelNames()).containsExactly("ns");
    assertThat(site().resolve("ns/__init__.py")).doesNotExist();
    assumeTrue(HostPython.find().isPresent(), "needs host python3");
    HostPython.Result result = python(site(), "import ns.a, ns.b; print(ns.a.NAME + ns.b.NAME)");
    assertThat(result.exitCode).as(result.toString()).isZero();
    assertThat(result.stdout.strip()).isEqualTo("ab");
  }

  @Test
  void topLevelTxtWinsOverDerivedNames() throws Exception {
    Path wheel =
        WheelBuilder.wheel("pyyaml-like", "6.0")
            .file("yaml/__init__.py", "")
            .file("_yaml/__init__.py", "")
            .topLevel("_yaml", "yaml")
            .build(wheels());
    assertThat(installer().install(wheel).topLevelNames()).containsExactly("_yaml", "yaml");
  }

  private void assertRejected(Path wheel, String... messageParts) throws IOException {
    Map<String, byte[]> before = tree(temp.resolve("layer"));
    assertThatThrownBy(() -> installer().install(wheel))
        .isInstanceOf(WheelInstallException.class)
        .hasMessageContaining(wheel.getFileName().toString())
        .hasMessageContainingAll(messageParts);
    Map<String, byte[]> after = tree(temp.resolve("layer"));
    assertThat(after.keySet()).as("target unchanged").isEqualTo(before.keySet());
    assertThat(listing(temp.resolve("layer"))).noneMatch(p -> p.contains(".pylayer-staging"));
  }

  @Test
  void hashMismatchIsAnErrorNamingWheelAndFileAndLeavesNothing() throws Exception {
    Path wheel =
        WheelBuilder.wheel("demo-pkg", "1.0")
            .file("demo_pkg/__init__.py", "")
            .file("demo_pkg/zz_last.py", "x = 1\n")
            .corruptHash("demo_pkg/zz_last.py")
            .build(wheels());
    assertRejected(wheel, "'demo_pkg/zz_last.py'", "does not match its RECORD hash");
  }

  @Test
  void hexDigestsAreAcceptedWithAWarningWhenTheyMatch() throws Exception {
    Path wheel =
        WheelBuilder.wheel("gmsh-like", "1.0")
            .file("gmsh_like.py", "x = 1\n")
            .hexDigests()
            .build(wheels());
    InstalledDistribution dist = installer().install(wheel);
    assertThat(dist.warnings()).singleElement().asString().contains("in hex");
    assertThat(Files.readString(dist.distInfoDirectory().resolve("RECORD")))
        .contains(
            "gmsh_like.py,sha256="
                + WheelBuilder.sha256("x = 1\n".getBytes(StandardCharsets.UTF_8)));

    Path corrupt =
        WheelBuilder.wheel("gmsh-bad", "1.0")
            .file("gmsh_bad.py", "x = 1\n")
            .hexDigests()
            .corruptHash("gmsh_bad.py")
            .build(wheels());
    assertRejected(corrupt, "'gmsh_bad.py' does not match its RECORD hash");
  }

  @Test
  void sizeMismatchIsAnError() throws Exception {
    Path wheel =
        WheelBuilder.wheel("demo-pkg", "1.0")
            .file("demo_pkg/__init__.py", "x = 1\n")
            .wrongSize("demo_pkg/__init__.py")
            .build(wheels());
    assertRejected(wheel, "'demo_pkg/__init__.py' is 6 bytes but RECORD says 7");
  }

  @Test
  void fileMissingFromRecordIsAnError() throws Exception {
    Path wheel =
        WheelBuilder.wheel("demo-pkg", "1.0")
            .file("demo_pkg/__init__.py", "")
            .file("demo_pkg/sneaky.py", "import os\n")
            .omitFromRecord("demo_pkg/sneaky.py")
            .build(wheels());
    assertRejected(wheel, "'demo_pkg/sneaky.py' is not listed in RECORD");
  }

  @Test
  void recordRowWithoutFileIsAnError() throws Exception {
    Path wheel =
        WheelBuilder.wheel("demo-pkg", "1.0")
            .file("demo_pkg/__init__.py", "")
            .recordOnly("demo_pkg/gone.py")
            .build(wheels());
    assertRejected(wheel, "RECORD lists 'demo_pkg/gone.py' but the wheel does not contain it");
  }

  @Test
  void unhashedFileIsAnErrorButUnhashedSignatureIsDropped() throws Exception {
    Path unhashed =
        WheelBuilder.wheel("demo-pkg", "1.0")
            .file("demo_pkg/__init__.py", "")
            .unhashed("demo_pkg/__init__.py")
            .build(wheels());
    assertRejected(unhashed, "RECORD has no hash for 'demo_pkg/__init__.py'");

    WheelBuilder signed = WheelBuilder.wheel("signed", "1.0").file("signed.py", "");
    Path wheel =
        signed
            .file(signed.distInfo() + "/RECORD.jws", "{}")
            .unhashed(signed.distInfo() + "/RECORD.jws")
            .build(wheels());
    InstalledDistribution dist = installer().install(wheel);
    assertThat(dist.droppedFiles())
        .extracting(DroppedFile::wheelPath)
        .containsExactly("signed-1.0.dist-info/RECORD.jws");
    assertThat(dist.distInfoDirectory().resolve("RECORD.jws")).doesNotExist();
  }

  @Test
  void unsafePathsAreRefused() throws Exception {
    for (String bad :
        new String[] {
          "../evil.py",
          "/tmp/evil.py",
          "demo_pkg/../../evil.py",
          "demo_pkg\\evil.py",
          "C:/evil.py",
          "demo_pkg//evil.py"
        }) {
      Path wheel =
          WheelBuilder.wheel("demo-pkg", "1.0")
              .file("demo_pkg/__init__.py", "")
              .file(bad, "evil = True\n")
              .build(Files.createDirectories(temp.resolve("bad" + Math.abs(bad.hashCode()))));
      if (bad.contains("\\")) {
        // zip readers may turn DOS separators into '/', then RECORD no longer matches: refused too
        assertRejected(wheel, "evil.py");
      } else {
        assertRejected(wheel, "'" + bad + "'", "refusing to install");
      }
    }
    assertThat(temp.resolve("evil.py")).doesNotExist();
    assertThat(temp.resolve("layer/python/lib/python3.11/evil.py")).doesNotExist();
  }

  @Test
  void unknownDataCategoryIsAnError() throws Exception {
    Path wheel =
        WheelBuilder.wheel("demo-pkg", "1.0")
            .file("demo_pkg/__init__.py", "")
            .data("config/demo.ini", "[x]\n")
            .build(wheels());
    assertRejected(wheel, "unknown .data category 'config'");
  }

  @Test
  void conflictingFileNamesBothDistributions() throws Exception {
    installer()
        .install(
            WheelBuilder.wheel("first-dist", "1.0")
                .file("shared/mod.py", "A = 1\n")
                .build(wheels()));
    Path second =
        WheelBuilder.wheel("second-dist", "2.0")
            .file("shared/mod.py", "B = 2\n")
            .file("second_dist/__init__.py", "")
            .build(wheels());

    assertRejected(second, "second_dist 2.0", "'shared/mod.py'", "installed by first_dist 1.0");
    assertThat(site().resolve("shared/mod.py")).hasContent("A = 1");
    assertThat(site().resolve("second_dist")).doesNotExist();
  }

  @Test
  void identicalSharedFileIsAllowedByDefaultButNotUnderFail() throws Exception {
    installer()
        .install(
            WheelBuilder.wheel("nvidia-a", "1.0")
                .file("nvidia/__init__.py", "")
                .file("nvidia/a/__init__.py", "")
                .build(wheels()));
    Path b =
        WheelBuilder.wheel("nvidia-b", "1.0")
            .file("nvidia/__init__.py", "")
            .file("nvidia/b/__init__.py", "")
            .build(wheels());

    assertThatThrownBy(() -> installer().withConflictPolicy(ConflictPolicy.FAIL).install(b))
        .isInstanceOf(WheelInstallException.class)
        .hasMessageContaining("installed by nvidia_a 1.0");

    InstalledDistribution dist = installer().install(b);
    assertThat(dist.files()).extracting(InstalledFile::recordPath).contains("nvidia/__init__.py");
    assertThat(site().resolve("nvidia/b/__init__.py")).exists();
  }

  @Test
  void overwritePolicyLetsTheLastWheelWinWithAWarning() throws Exception {
    installer()
        .install(
            WheelBuilder.wheel("first-dist", "1.0").file("shared.py", "A = 1\n").build(wheels()));
    InstalledDistribution dist =
        installer()
            .withConflictPolicy(ConflictPolicy.OVERWRITE)
            .install(
                WheelBuilder.wheel("second-dist", "1.0")
                    .file("shared.py", "B = 2\n")
                    .build(wheels()));
    assertThat(site().resolve("shared.py")).hasContent("B = 2");
    assertThat(dist.warnings()).anyMatch(w -> w.contains("'shared.py' overwrites"));
  }

  @Test
  void installingADistributionTwiceIsAnError() throws Exception {
    installer()
        .install(
            WheelBuilder.wheel("demo-pkg", "1.0").file("demo_pkg/__init__.py", "").build(wheels()));
    Path newer =
        WheelBuilder.wheel("Demo.Pkg", "1.1").file("demo_pkg/__init__.py", "").build(wheels());
    assertRejected(newer, "demo_pkg 1.0 is already installed");
  }

  @Test
  void wheelVersionMajorAboveOneIsRefusedAndMinorAboveZeroWarns() throws Exception {
    Path future =
        WheelBuilder.wheel("demo-pkg", "1.0")
            .wheelVersion("2.0")
            .file("demo_pkg/__init__.py", "")
            .build(wheels());
    assertRejected(future, "Wheel-Version 2.0 is not supported");

    Path newer =
        WheelBuilder.wheel("demo-pkg", "1.0")
            .wheelVersion("1.9")
            .file("demo_pkg/__init__.py", "")
            .build(Files.createDirectories(temp.resolve("w19")));
    InstalledDistribution dist = installer().install(newer);
    assertThat(dist.warnings()).singleElement().asString().contains("Wheel-Version 1.9");

    Path noWheelFile =
        WheelBuilder.wheel("other", "1.0").withoutWheelFile().file("other.py", "").build(wheels());
    assertRejected(noWheelFile, "'other-1.0.dist-info/WHEEL' is missing");
  }

  @Test
  void mismatchedNamesAreErrors() throws Exception {
    Path renamed =
        WheelBuilder.wheel("demo-pkg", "1.0")
            .file("demo_pkg/__init__.py", "")
            .fileName("other_pkg-1.0-py3-none-any.whl")
            .build(wheels());
    assertRejected(renamed, "file name says project 'other_pkg'");

    Path wrongMetadata =
        WheelBuilder.wheel("demo-pkg", "1.0")
            .metadataName("something-else")
            .file("demo_pkg/__init__.py", "")
            .build(wheels());
    assertRejected(wrongMetadata, "METADATA names 'something-else'");
  }

  @Test
  void notAZipIsAClearError() throws Exception {
    Path junk =
        Files.writeString(wheels().resolve("junk-1.0-py3-none-any.whl"), "<html>404</html>");
    assertRejected(junk, "is not a readable zip archive");
  }

  @Test
  void sameWheelGivesSameBytesAndModesInAnotherTarget() throws Exception {
    Path wheel = dataWheel().executable("demo_pkg/run.sh", "#!/bin/sh\n").build(wheels());
    Path siteA = temp.resolve("a/site-packages");
    Path siteB = temp.resolve("b/site-packages");
    WheelInstaller.create(InstallScheme.sitePackagesOnly(siteA)).install(wheel);
    WheelInstaller.create(InstallScheme.sitePackagesOnly(siteB)).install(wheel);

    Map<String, byte[]> a = tree(siteA);
    Map<String, byte[]> b = tree(siteB);
    assertThat(a.keySet()).isEqualTo(b.keySet()).hasSize(8);
    for (String path : a.keySet()) {
      assertThat(b.get(path)).as(path).isEqualTo(a.get(path));
      assertThat(Files.getPosixFilePermissions(siteB.resolve(path)))
          .as(path)
          .isEqualTo(Files.getPosixFilePermissions(siteA.resolve(path)));
    }
  }
}
