package dev.pylayer.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.testing.HostPythonArchive;
import dev.pylayer.testing.TarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptExtractionTest {

  @TempDir Path temp;
  private Path archive;
  private Path kept;
  private final List<String> warnings = new ArrayList<>();
  private KeptExtraction extraction;

  @BeforeEach
  void setUp() throws IOException {
    archive = temp.resolve("python.tar.gz");
    try (TarBuilder tar = TarBuilder.gzip(archive)) {
      tar.directory("python/", 0755)
          .file("python/bin/python3.11", 0755, "#!/bin/sh\necho real\n")
          .symlink("python/bin/python3", "python3.11")
          .file("python/lib/python3.11/os.py", 0644, "# the real os\n")
          .hardlink("python/lib/python3.11/os-copy.py", "python/lib/python3.11/os.py");
    }
    kept = temp.resolve("cache/interpreters/abc");
    extraction = KeptExtraction.reportingTo(warnings::add);
  }

  @Test
  void extractsOnceThenFindsTheKeptTreeUnchanged() throws IOException {
    assertThat(extraction.ensure(archive, kept).extracted()).isTrue();

    KeptExtraction.Result again = extraction.ensure(archive, kept);

    assertThat(again.extracted()).isFalse();
    assertThat(again.repaired()).isEmpty();
    assertThat(warnings).isEmpty();
    assertThat(ExtractedTreeCheck.firstDifference(archive, kept)).isEmpty();
  }

  @Test
  void aRewrittenFileIsReportedAndTheTreeExtractedAgain() throws IOException {
    extraction.ensure(archive, kept);
    Path os = kept.resolve("python/lib/python3.11/os.py");
    Files.writeString(os, "# the real os\n".replace("real", "evil")); // same size

    KeptExtraction.Result result = extraction.ensure(archive, kept);

    assertThat(result.extracted()).isTrue();
    assertThat(result.repaired()).hasValueSatisfying(
        d -> assertThat(d).contains("python/lib/python3.11/os.py", "other content"));
    assertThat(Files.readString(os)).isEqualTo("# the real os\n");
    assertThat(warnings).singleElement().asString()
        .contains(kept.toString(), "python.tar.gz", "extracted again");
  }

  @Test
  void everyKindOfChangeIsSeen() throws IOException {
    extraction.ensure(archive, kept);
    assertChangeSeen(() -> Files.writeString(
        kept.resolve("python/lib/python3.11/sitecustomize.py"), "import evil\n"), "was added");
    assertChangeSeen(() -> Files.setPosixFilePermissions(kept.resolve("python/lib/python3.11/os.py"),
        PosixFilePermissions.fromString("rwxr-xr-x")), "mode");
    assertChangeSeen(() -> {
      Files.delete(kept.resolve("python/bin/python3"));
      Files.createSymbolicLink(kept.resolve("python/bin/python3"), Path.of("/bin/sh"));
    }, "links to /bin/sh");
    assertChangeSeen(() -> Files.writeString(kept.resolve("python/lib/python3.11/os-copy.py"),
        "# other os!!\n"), "hard link");
    assertChangeSeen(() -> Files.delete(kept.resolve("python/bin/python3.11")), "missing");
    assertChangeSeen(() -> {
      Path lib = kept.resolve("python/lib");
      Path elsewhere = temp.resolve("elsewhere");
      Files.move(lib, elsewhere);
      Files.createSymbolicLink(lib, elsewhere);
    }, "replaced by a symbolic link");
    assertThat(warnings).hasSize(6);
  }

  private interface Change {
    void apply() throws IOException;
  }

  private void assertChangeSeen(Change change, String expected) throws IOException {
    change.apply();
    KeptExtraction.Result result = extraction.ensure(archive, kept);
    assertThat(result.repaired()).hasValueSatisfying(d -> assertThat(d).contains(expected));
    assertThat(ExtractedTreeCheck.firstDifference(archive, kept)).isEmpty();
  }

  @Test
  void theRealInterpreterWithAMarkedOsModuleIsRepairedBeforeItRuns() throws Exception {
    HostPythonArchive python = HostPythonArchive.get();
    extraction.ensure(python.path(), kept);
    Path os = kept.resolve("python/lib/python" + python.minorVersion() + "/os.py");
    Files.writeString(os, "print('MARKER from a rewritten cache')\n"
        + Files.readString(os), StandardCharsets.UTF_8);

    extraction.ensure(python.path(), kept);

    assertThat(Files.readString(os)).doesNotContain("MARKER");
    assertThat(warnings).singleElement().asString().contains("os.py");
    var run = python.run(kept, List.of(), "-c", "import os; print('ok')");
    assertThat(run.stdout()).isEqualTo("ok\n");
  }
}
