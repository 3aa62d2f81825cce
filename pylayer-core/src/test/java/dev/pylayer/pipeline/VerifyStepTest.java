package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.files.Sha256;
import dev.pylayer.optimize.OptimizeLevel;
import dev.pylayer.testing.LayerBuildFixture;
import dev.pylayer.testing.WheelBuilder;
import dev.pylayer.verify.HostPlatform;
import dev.pylayer.verify.LayerClaims;
import dev.pylayer.verify.LayerVerifier;
import dev.pylayer.verify.VerifyResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify step against real built layers: a layer passes as built; a tampered file, a dropped
 * distribution put back, an ELF with a RUNPATH outside the layer or an interpreter without its
 * mode each fail, naming what does not match.
 */
class VerifyStepTest {

  @TempDir static Path shared;
  static LayerBuildFixture fixture;
  static LayerReport report;
  static Path zip;

  @TempDir Path dir;

  @BeforeAll
  static void build() throws IOException {
    fixture = LayerBuildFixture.create(shared);
    Path wheels = Files.createDirectories(shared.resolve("extra"));
    fixture.index.add(WheelBuilder.wheel("unused-pkg", "1.0")
        .file("unused_pkg/__init__.py", "VALUE = 1\n").build(wheels));
    Path requirements = fixture.requirements(shared, "app==1.0", "helper==1.0",
        "nativepkg==1.0", "datapkg==1.0", "ns-one==1.0", "ns-two==1.0", "unused-pkg==1.0");
    Path out = shared.resolve("out");
    report = new LayerBuilder(fixture.context(shared, new BuildListener() {}))
        .build(fixture.spec(out, requirements).optimize(OptimizeLevel.BALANCED)
            .layout(Layout.ZIP).build()).get(0);
    zip = out.resolve("layer-build-x86_64/python-demo-x86_64.zip");
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static VerifyResult verify(Path file, LayerClaims claims) throws IOException {
    return new LayerVerifier(HostPlatform.of(dev.pylayer.pep.Arch.X86_64), Duration.ofMinutes(2))
        .verify(file, claims);
  }

  @Test
  void theBuiltLayerIsWhatItsReportSays() throws IOException {
    assertThat(report.trace().dropped()).extracting(LayerReport.TraceItem::name)
        .containsExactly("unused-pkg");

    VerifyResult result = verify(zip, ReportClaims.of(report));

    assertThat(result.ok()).as(result.failureText()).isTrue();
    assertThat(result.checks()).extracting(VerifyResult.Check::name)
        .containsExactly("sha256", "size", "layout", "dropped", "interpreter", "runpath");
    assertThat(result.checks()).allMatch(c -> c.status() == VerifyResult.Status.PASSED);
    assertThat(result.checks().get(4).detail()).contains("Python " + fixture.python.fullVersion());
  }

  @Test
  void aTamperedFileFailsTheHash() throws IOException {
    Path tampered = rewrite(dir.resolve("tampered.zip"),
        Map.of("python/lib/python3.11/sitecustomize.py", "import os\n"));

    VerifyResult result = verify(tampered, ReportClaims.of(report));

    assertThat(result.ok()).isFalse();
    assertThat(result.failureText()).contains("sha256: the zip's sha256 is");
  }

  @Test
  void aDroppedDistributionPutBackIsNamed() throws IOException {
    String site = "python/lib/python3.11/site-packages/";
    Path back = rewrite(dir.resolve("back.zip"), Map.of(
        site + "unused_pkg/__init__.py", "VALUE = 1\n",
        site + "unused_pkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: unused-pkg\n"
            + "Version: 1.0\n"));

    VerifyResult result = verify(back, claimsFor(back));

    assertThat(result.ok()).isFalse();
    assertThat(result.failureText())
        .contains("dropped: dropped distributions still have files: unused-pkg (its .dist-info)")
        .contains("unused-pkg (site-packages/unused_pkg)")
        .contains("unused-pkg is installed in the layer but not in the report");
  }

  @Test
  void anElfWithARunpathOutsideTheLayerIsNamed() throws IOException {
    Path so = dir.resolve("libbad.so");
    Files.copy(fixture.python.hostExecutable(), so);
    so.toFile().setWritable(true);
    dev.pylayer.testing.Processes.run("patchelf", "--set-rpath", "/usr/local/evil/lib",
        so.toString()).requireSuccess();
    Path bad = rewrite(dir.resolve("runpath.zip"),
        Map.of("python/lib/libbad.so", Files.readAllBytes(so)));

    VerifyResult result = verify(bad, claimsFor(bad));

    assertThat(result.failureText()).contains("runpath: 1 ELF file(s)")
        .contains("python/lib/libbad.so -> /usr/local/evil/lib");
  }

  @Test
  void aDifferentInterpreterVersionIsNamed() throws IOException {
    LayerClaims claims = ReportClaims.of(report);
    LayerClaims other = new LayerClaims(claims.arch(), claims.layout(), "3.11.99",
        claims.sha256(), claims.zipBytes(), claims.unzippedBytes(), claims.packages(),
        claims.dropped(), claims.standIns());

    VerifyResult result = verify(zip, other);

    assertThat(result.failureText()).contains("interpreter: python/bin/python3.11 is Python "
        + fixture.python.fullVersion() + ", the report says 3.11.99");
  }

  @Test
  void aStandInThatIsNotPylayersOrHasCompanyIsNamed() throws IOException {
    String site = "python/lib/python3.11/site-packages/";
    Map<String, List<String>> standIns = Map.of("tokenizers", List.of("tokenizers"));
    Path good = rewrite(dir.resolve("stand-in.zip"), Map.of(site + "tokenizers/__init__.pyc",
        "\0\0\0\0pylayer_not_in_layer\0"));
    VerifyResult passed = verify(good, claimsFor(good, standIns));
    assertThat(passed.ok()).as(passed.failureText()).isTrue();
    assertThat(passed.checks()).extracting(VerifyResult.Check::name).contains("stand-ins");

    Path real = rewrite(dir.resolve("real.zip"), Map.of(
        site + "tokenizers/__init__.py", "from .tokenizers import Tokenizer\n",
        site + "tokenizers/tokenizers.abi3.so", "\177ELF"));

    VerifyResult result = verify(real, claimsFor(real, standIns));

    assertThat(result.failureText()).contains("stand-ins: ")
        .contains("site-packages/tokenizers/__init__.py is not pylayer's stand-in")
        .contains("site-packages/tokenizers/tokenizers.abi3.so is not the stand-in's");
  }

  /** The report's claims with the hash and sizes of {@code file}, so only content can differ. */
  private static LayerClaims claimsFor(Path file) throws IOException {
    return claimsFor(file, ReportClaims.of(report).standIns());
  }

  private static LayerClaims claimsFor(Path file, Map<String, List<String>> standIns)
      throws IOException {
    LayerClaims claims = ReportClaims.of(report);
    return new LayerClaims(claims.arch(), claims.layout(), claims.pythonVersion(),
        Sha256.of(file), Files.size(file),
        dev.pylayer.pack.ZipInspector.inspect(file).uncompressedBytes(), claims.packages(),
        claims.dropped(), standIns);
  }

  /** A copy of the built zip with entries replaced or added (modes kept, new files 0644). */
  private static Path rewrite(Path target, Map<String, Object> files) throws IOException {
    try (ZipFile in = ZipFile.builder().setPath(zip).get();
        ZipArchiveOutputStream out = new ZipArchiveOutputStream(target)) {
      for (ZipArchiveEntry entry : Collections.list(in.getEntries())) {
        if (files.containsKey(entry.getName())) {
          continue;
        }
        try (InputStream raw = in.getRawInputStream(entry)) {
          out.addRawArchiveEntry(entry, raw);
        }
      }
      for (Map.Entry<String, Object> file : files.entrySet()) {
        byte[] bytes = file.getValue() instanceof byte[] b ? b
            : ((String) file.getValue()).getBytes(StandardCharsets.UTF_8);
        ZipArchiveEntry entry = new ZipArchiveEntry(file.getKey());
        entry.setUnixMode(0100644);
        out.putArchiveEntry(entry);
        out.write(bytes);
        out.closeArchiveEntry();
      }
    }
    return target;
  }

  static List<String> names(VerifyResult result) {
    return result.checks().stream().map(VerifyResult.Check::name).toList();
  }
}
