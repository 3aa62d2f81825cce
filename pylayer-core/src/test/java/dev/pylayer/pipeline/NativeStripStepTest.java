package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.archive.ArchiveExtractor;
import dev.pylayer.files.Sha256;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.optimize.NativeStripper;
import dev.pylayer.pep.Arch;
import dev.pylayer.testing.HostPythonArchive;
import dev.pylayer.verify.HostPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native stripping checks its work on the real (relocated host) interpreter: a strip that grows
 * files is undone, a shared object that no longer loads is put back and named, a broken
 * interpreter puts every binary back, and a real strip is checked by loading every object.
 */
class NativeStripStepTest {

  @TempDir Path dir;
  InterpreterLayout layout;
  Path scratch;

  @BeforeEach
  void unpack() throws IOException {
    HostPythonArchive python = HostPythonArchive.get();
    ArchiveExtractor.create().extract(python.path(), dir.resolve("layer"));
    layout = InterpreterLayout.detect(dir.resolve("layer"));
    scratch = Files.createDirectories(dir.resolve("scratch"));
  }

  private NativeStripStep.Result run(String script) throws IOException {
    BuildContext context = BuildContext.builder().host(HostPlatform.of(Arch.X86_64))
        .cacheRoot(dir.resolve("cache")).build();
    // The stripper's command gets the option ($1) and the files: the script plays a strip tool.
    NativeStripper stripper = NativeStripper.using(List.of("sh", "-c", script, "fake-strip"));
    return new NativeStripStep(context).run(stripper, Arch.X86_64, layout, scratch);
  }

  @Test
  void aStripThatGrowsFilesIsUndone() throws IOException {
    Path json = onlyFile(layout.libDynload(), "_json.");
    String before = Sha256.of(json);

    NativeStripStep.Result result = run("shift; for f; do printf 'grow' >> \"$f\"; done");

    assertThat(Sha256.of(json)).isEqualTo(before);
    assertThat(result.bytesSaved()).isZero();
    assertThat(result.notes()).anyMatch(n -> n.contains("bigger, so they were kept")
        && n.contains("_json."));
  }

  @Test
  void aSharedObjectThatNoLongerLoadsIsPutBackAndNamed() throws IOException {
    Path json = onlyFile(layout.libDynload(), "_json.");
    String before = Sha256.of(json);

    NativeStripStep.Result result = run(
        "shift; for f; do case \"$f\" in *_json.*) : > \"$f\"; printf '\\177ELF' > \"$f\";; esac;"
            + " done");

    assertThat(Sha256.of(json)).isEqualTo(before);
    assertThat(result.notes()).anyMatch(n -> n.startsWith("restored 1 file(s) that no longer"
        + " loaded") && n.contains("lib-dynload/_json."));
    assertThat(result.check()).startsWith("interpreter starts and");
  }

  @Test
  void aBrokenInterpreterPutsEveryBinaryBack() throws IOException {
    String before = Sha256.of(layout.interpreter());

    NativeStripStep.Result result = run(
        "shift; for f; do case \"$f\" in */bin/python*) printf '\\177ELF' > \"$f\";; esac; done");

    assertThat(Sha256.of(layout.interpreter())).isEqualTo(before);
    assertThat(result.notes()).anyMatch(n -> n.startsWith("stripping broke the interpreter"));
    assertThat(result.bytesSaved()).isZero();
  }

  @Test
  void aRealStripIsCheckedByLoadingEveryObject() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.pylayer.process.CommandRunner.onPath("strip"),
        "binutils' strip is not installed (.ci/run installs it)");
    NativeStripper strip = NativeStripper.forTarget(Arch.X86_64, java.util.Optional.of(
        Arch.X86_64), dev.pylayer.process.CommandRunner::findOnPath).orElseThrow();
    BuildContext context = BuildContext.builder().host(HostPlatform.of(Arch.X86_64))
        .cacheRoot(dir.resolve("cache")).build();

    NativeStripStep.Result result =
        new NativeStripStep(context).run(strip, Arch.X86_64, layout, scratch);

    assertThat(result.check()).matches("interpreter starts and [0-9]+ shared objects load");
    assertThat(result.bytesSaved()).isPositive();
    try (var walk = Files.walk(layout.home())) {
      assertThat(walk).as("the check must not write bytecode into the layer")
          .noneMatch(p -> p.getFileName().toString().equals("__pycache__"));
    }
  }

  private static Path onlyFile(Path dir, String prefix) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
          .orElseThrow();
    }
  }
}
