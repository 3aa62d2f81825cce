package dev.pylayer.pack;

import dev.pylayer.archive.SafeZipExtractor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.archive.ArchiveExtractor;
import dev.pylayer.archive.ExtractionResult;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.interpreter.InterpreterSource;
import dev.pylayer.interpreter.StdlibStripper;
import dev.pylayer.interpreter.StripReport;
import dev.pylayer.testing.HostPythonArchive;
import dev.pylayer.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interpreter half of a layer build on a real CPython: PBS-shaped archive, safe extraction,
 * stripping, deterministic zip, and the zip unpacked read-only like Lambda's /opt, where the
 * relocated interpreter must start and import the stdlib's native modules.
 */
class LayerEndToEndTest {

  private static final String SMOKE =
      "import sys, json, ssl, sqlite3, ctypes; print(sys.version); print(sys.prefix);"
          + " print(ssl.OPENSSL_VERSION); print(json.dumps({'ok': True}))";

  @TempDir Path temp;

  @Test
  void extractStripZipUnpackAndRun() throws IOException {
    HostPythonArchive fixture = HostPythonArchive.get();
    InterpreterSource source = InterpreterSource.ofFile(fixture.path(), fixture.sha256());
    assertThat(source.verify(fixture.path())).isEqualTo(fixture.sha256());

    long start = System.nanoTime();
    ExtractionResult extracted = ArchiveExtractor.create()
        .extract(fixture.path(), temp.resolve("build/layer"));
    long extractedAt = System.nanoTime();
    InterpreterLayout layout = InterpreterLayout.detect(extracted.root());
    source = source.withDetectedVersion(layout);
    StripReport report = StdlibStripper.withDefaultRules().strip(layout);
    long strippedAt = System.nanoTime();
    ZipWriteResult zip = DeterministicZipWriter.create()
        .write(extracted.root(), temp.resolve("dist/python-layer-x86_64.zip"));
    long zippedAt = System.nanoTime();

    assertThat(source.version()).contains(fixture.fullVersion());
    assertThat(layout.minorVersion()).isEqualTo(fixture.minorVersion());
    // the host interpreter links libpython dynamically: stripping must keep it
    assertThat(layout.libDir().resolve("libpython3.11.so.1.0")).isRegularFile();
    assertThat(report.notes()).anyMatch(n -> n.contains("kept libpython3.11.so.1.0"));
    for (String rule : new String[] {"pip-setuptools", "idlelib", "tkinter-tcl-tk", "tests",
        "headers", "share", "extra-bin", "lib2to3", "config", "pkgconfig"}) {
      assertThat(report.entry(rule).orElseThrow().files()).as(rule).isPositive();
    }
    assertThat(layout.home().resolve("include")).doesNotExist();
    assertThat(layout.stdlib().resolve("idlelib")).doesNotExist();

    Path opt = temp.resolve("opt");
    Path unpacked = opt.resolve("layer");
    SafeZipExtractor.create().readOnly(true).extract(zip.zip(), unpacked);
    try {
      List<String> before = listTree(unpacked);
      Processes.Result run = runAsUnprivilegedUserIfRoot(fixture, unpacked);

      assertThat(run.exitCode()).as(run.toString()).isZero();
      List<String> lines = run.stdout().lines().collect(java.util.stream.Collectors.toList());
      assertThat(lines.get(0)).startsWith(fixture.fullVersion() + " ");
      assertThat(lines.get(1)).isEqualTo(unpacked.resolve("python").toString());
      assertThat(lines.get(3)).isEqualTo("{\"ok\": true}");
      assertThat(listTree(unpacked)).as("nothing written into the read-only layer")
          .isEqualTo(before);

      System.out.println(String.format(Locale.ROOT,
          "host archive %s: %d bytes%nextracted %d files, %d bytes in %d ms%n"
              + "stripped in %d ms:%n%s"
              + "zip %s: %d bytes, %d entries, %d bytes uncompressed, written in %d ms%n"
              + "interpreter: %s",
          fixture.path().getFileName(), Files.size(fixture.path()), extracted.files(),
          extracted.bytes(), (extractedAt - start) / 1_000_000,
          (strippedAt - extractedAt) / 1_000_000, report, zip.zip().getFileName(), zip.size(),
          zip.entries(), zip.uncompressedBytes(), (zippedAt - strippedAt) / 1_000_000,
          lines.get(0)));
    } finally {
      SafeZipExtractor.makeWritable(unpacked);
    }
  }

  @Test
  void twoBuildsFromTheSameArchiveGiveTheSameZip() throws IOException {
    HostPythonArchive fixture = HostPythonArchive.get();
    List<String> digests = new ArrayList<>();
    for (String build : new String[] {"one", "two"}) {
      ExtractionResult tree = ArchiveExtractor.create()
          .extract(fixture.path(), temp.resolve(build + "/layer"));
      StdlibStripper.withDefaultRules().strip(InterpreterLayout.detect(tree.root()));
      digests.add(DeterministicZipWriter.builder().compressionLevel(1).build()
          .write(tree.root(), temp.resolve(build + "/layer.zip")).sha256());
    }
    assertThat(digests.get(1)).isEqualTo(digests.get(0));
  }

  /**
   * Root ignores file permissions, so to prove the read-only layer suffices the interpreter runs
   * as nobody (via setpriv) when the tests run as root.
   */
  private Processes.Result runAsUnprivilegedUserIfRoot(HostPythonArchive fixture, Path layer)
      throws IOException {
    List<String> prefix = new ArrayList<>();
    boolean root = "0".equals(Processes.run("id", "-u").stdout().trim());
    if (root && Processes.available("setpriv", "--version")) {
      // nobody must be able to reach the layer: open the test's directories for reading
      for (Path dir : new Path[] {temp, temp.resolve("opt")}) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      prefix.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    return fixture.run(layer, prefix, "-c", SMOKE);
  }

  private static List<String> listTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.map(p -> root.relativize(p).toString()).sorted()
          .collect(java.util.stream.Collectors.toList());
    }
  }
}
