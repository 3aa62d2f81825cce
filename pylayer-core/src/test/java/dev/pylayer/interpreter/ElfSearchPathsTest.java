package dev.pylayer.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.archive.ArchiveExtractor;
import dev.pylayer.testing.HostPythonArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test interpreter (a relocated copy of the host's pyenv CPython) carries the absolute RUNPATH
 * of the machine it was built on in libpython and every lib-dynload module. After the fix, the
 * dynamic loader, asked with LD_DEBUG=libs (strace is not installed here), tries no file outside
 * the layer, with the layer moved to another directory.
 */
class ElfSearchPathsTest {

  private static final Pattern TRYING = Pattern.compile("trying file=(\\S+)");

  @TempDir Path temp;

  @Test
  void absoluteRunpathsOfTheTestInterpreterAreFixedAndTheLoaderNoLongerMisses() throws Exception {
    HostPythonArchive python = HostPythonArchive.get();
    Path built = temp.resolve("built");
    ArchiveExtractor.create().extract(python.path(), built);
    Path libpython = built.resolve("python/lib/libpython" + python.minorVersion() + ".so.1.0");
    List<String> before = ElfFile.read(libpython).runpath();
    String prefix = before.stream().filter(d -> d.startsWith("/")).findFirst().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(prefix != null,
        "the host interpreter's libpython has no absolute RUNPATH to fix: " + before);
    List<String> missesBefore = failedOpens(built, python);

    ElfSearchPaths.Result result = ElfSearchPaths.forLambdaAl2023()
        .fix(built, built.resolve("python"));

    assertThat(result.elfFiles()).isGreaterThan(10);
    assertThat(result.rewritten()).anySatisfy(r -> assertThat(r)
        .startsWith("python/lib/libpython" + python.minorVersion() + ".so.1.0: RUNPATH " + prefix));
    assertThat(result.rewritten()).anySatisfy(r -> assertThat(r).contains("lib-dynload/_json"));
    assertThat(result.absoluteLeft()).isEmpty();
    assertThat(ElfFile.read(libpython).runpath()).noneMatch(d -> d.startsWith("/"));
    // Moved elsewhere, as on Lambda (/opt): every file the loader tries exists.
    Path moved = temp.resolve("elsewhere/opt");
    Files.createDirectories(moved.getParent());
    Files.move(built, moved);
    List<String> missesAfter = failedOpens(moved, python);
    // Before: the loader looked for libc, libm... in the build machine's prefix (which exists
    // on this host, so a layer could even load the host's libraries from there).
    assertThat(missesBefore).anyMatch(p -> p.startsWith(prefix + "/"));
    // After: no attempt outside the layer. What remains are the loader's one-time probes of
    // glibc-hwcaps/tls subdirectories of the interpreter's own relative RUNPATH ($ORIGIN/../lib,
    // set by python-build-standalone), inside the layer.
    assertThat(missesAfter).noneMatch(p -> p.startsWith(prefix + "/"));
    assertThat(missesAfter).allMatch(p -> p.startsWith(moved + "/python/bin/../lib/"));
    assertThat(missesAfter.size()).isLessThan(missesBefore.size());
    assertThat(ElfSearchPaths.forLambdaAl2023().fix(moved, moved.resolve("python")).rewritten())
        .as("a second run finds nothing left to do").isEmpty();
  }

  @Test
  void reportsLibrariesNeitherTheLayerNorTheBaseImageProvides() throws Exception {
    HostPythonArchive python = HostPythonArchive.get();
    Path layer = temp.resolve("layer");
    ArchiveExtractor.create().extract(python.path(), layer);
    Files.delete(layer.resolve("python/lib/libpython" + python.minorVersion() + ".so.1.0"));

    ElfSearchPaths.Result result = ElfSearchPaths.forLambdaAl2023()
        .fix(layer, layer.resolve("python"));

    assertThat(result.missingLibraries()).contains("python/bin/python" + python.minorVersion()
        + " needs libpython" + python.minorVersion() + ".so.1.0");
    assertThat(result.missingLibraries()).noneMatch(m -> m.endsWith("needs libc.so.6"));
  }

  @Test
  void aBuildPathToALayerDirectoryWithANeededLibraryBecomesOriginRelativeUnlessLonger()
      throws Exception {
    HostPythonArchive python = HostPythonArchive.get();
    Path layer = temp.resolve("layer");
    ArchiveExtractor.create().extract(python.path(), layer);
    Path dynload = layer.resolve("python/lib/python" + python.minorVersion() + "/lib-dynload");
    Path json;
    try (var files = Files.list(dynload)) {
      json = files.filter(f -> f.getFileName().toString().startsWith("_json.")).findFirst()
          .orElseThrow();
    }
    Path other = dynload.resolve("_other_" + json.getFileName());
    Files.copy(json, other);
    String libpython = "libpython" + python.minorVersion() + ".so.1.0";
    patchelf("--set-rpath", "/a/long/build/prefix/lib", "--add-needed", libpython, json);
    patchelf("--set-rpath", "/b/lib", "--add-needed", libpython, other);

    ElfSearchPaths.Result result = ElfSearchPaths.forLambdaAl2023()
        .fix(layer, layer.resolve("python"));

    assertThat(ElfFile.read(json).runpath()).containsExactly("$ORIGIN/../..");
    assertThat(result.rewritten()).anySatisfy(r -> assertThat(r).endsWith(
        json.getFileName() + ": RUNPATH /a/long/build/prefix/lib -> $ORIGIN/../.."));
    assertThat(ElfFile.read(other).runpath()).containsExactly("/b/lib");
    assertThat(result.absoluteLeft()).anySatisfy(r -> assertThat(r)
        .contains(other.getFileName().toString(), "/b/lib", "longer"));
    // The rewritten module still loads, with libpython found through $ORIGIN.
    ProcessBuilder builder = new ProcessBuilder(layer.resolve("python/bin/python"
        + python.minorVersion()).toString(), "-c", "import _json; print('ok')")
        .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(python.lambdaEnvironment(layer));
    Process run = builder.start();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).contains("ok");
  }

  private static void patchelf(Object... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("patchelf"));
    for (Object arg : args) {
      command.add(arg.toString());
    }
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("patchelf is needed to make test ELF files: " + e);
      return;
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
  }

  /** Files the dynamic loader tried and did not find while starting Python and importing. */
  private static List<String> failedOpens(Path layerRoot, HostPythonArchive python)
      throws IOException, InterruptedException {
    Map<String, String> env = new java.util.HashMap<>(python.lambdaEnvironment(layerRoot));
    env.put("LD_DEBUG", "libs");
    ProcessBuilder builder = new ProcessBuilder(
        layerRoot.resolve("python/bin/python" + python.minorVersion()).toString(), "-c",
        "import _json, math, _struct, _datetime; print('ok')");
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as(output).contains("ok");
    assertThat(output).contains("trying file="); // LD_DEBUG works here: the check means something
    List<String> misses = new ArrayList<>();
    Matcher m = TRYING.matcher(output);
    while (m.find()) {
      if (!Files.exists(Path.of(m.group(1)))) {
        misses.add(m.group(1));
      }
    }
    return misses;
  }
}
