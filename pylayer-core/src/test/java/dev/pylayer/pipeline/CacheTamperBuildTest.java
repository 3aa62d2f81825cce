package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.archive.ArchiveExtractor;
import dev.pylayer.files.Sha256;
import dev.pylayer.pack.ZipInspector;
import dev.pylayer.testing.LayerBuildFixture;
import dev.pylayer.testing.TarBuilder;
import dev.pylayer.testing.WheelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario end to end: blobs in the download cache rewritten after they were stored
 * (the interpreter archive with a marked {@code os.py}, a wheel with other code) never reach a
 * layer. The build notices, evicts, fetches again and gives the clean build's zip byte for byte,
 * or fails naming the blob when the source is gone.
 */
class CacheTamperBuildTest {

  @TempDir static Path shared;
  static LayerBuildFixture fixture;

  @TempDir Path dir;
  final List<String> warnings = new ArrayList<>();
  final BuildListener listener = new BuildListener() {
    @Override
    public void warn(String message) {
      warnings.add(message);
    }
  };

  @BeforeAll
  static void startIndex() throws IOException {
    fixture = LayerBuildFixture.create(shared);
  }

  @AfterAll
  static void stopIndex() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void rewrittenInterpreterAndWheelBlobsAreFetchedAgainAndTheLayerIsTheCleanOne()
      throws IOException {
    Path requirements = fixture.allRequirements(dir);
    LayerReport clean = build(fixture.spec(dir.resolve("clean"), requirements).build());
    DownloadCacheBlobs blobs = new DownloadCacheBlobs(fixture.cache);
    Path interpreterBlob = blobs.of(fixture.python.sha256());
    Path helperBlob = blobs.of(packageSha(clean, "helper"));
    Files.copy(markedInterpreter(), interpreterBlob, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(WheelBuilder.wheel("helper", "1.0")
        .file("helper/__init__.py", "def message():\n    return 'MARKER'\n")
        .build(Files.createDirectories(dir.resolve("evil"))), helperBlob,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    LayerReport again = build(fixture.spec(dir.resolve("again"), requirements).build());

    assertThat(again.sha256()).isEqualTo(clean.sha256());
    assertThat(Sha256.of(interpreterBlob)).isEqualTo(fixture.python.sha256());
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains(interpreterBlob.toString()))
        .anySatisfy(w -> assertThat(w).contains(helperBlob.toString()));
    Path zip = dir.resolve("again/layer-build-x86_64/python-demo-x86_64.zip");
    assertThat(ZipInspector.inspect(zip).entries()).isNotEmpty();
  }

  @Test
  void aRewrittenBlobWhoseSourceIsGoneFailsTheBuildNamingIt() throws IOException {
    Path requirements = fixture.allRequirements(dir);
    build(fixture.spec(dir.resolve("clean"), requirements).build());
    Path interpreterBlob = new DownloadCacheBlobs(fixture.cache).of(fixture.python.sha256());
    Files.copy(markedInterpreter(), interpreterBlob, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String marked = Sha256.of(interpreterBlob);

    LayerSpec gone = fixture.spec(dir.resolve("gone"), requirements)
        .pythonArchive("http://127.0.0.1:9/python.tar.gz", fixture.python.sha256()).build();

    assertThatThrownBy(() -> build(gone))
        .hasMessageContaining(interpreterBlob.toString())
        .hasMessageContaining(fixture.python.sha256())
        .hasMessageContaining(marked)
        .hasMessageContaining("Fix:");
    assertThat(dir.resolve("gone/layer-build-x86_64/python-demo-x86_64.zip")).doesNotExist();
  }

  private LayerReport build(LayerSpec spec) throws IOException {
    return new LayerBuilder(fixture.context(dir, listener)).build(spec).get(0);
  }

  private static String packageSha(LayerReport report, String name) {
    return report.packages().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow().sha256();
  }

  /** The fixture's interpreter archive with a marker line at the top of os.py. */
  private Path markedInterpreter() throws IOException {
    Path tree = dir.resolve("marked-tree");
    ArchiveExtractor.create().extract(fixture.python.path(), tree);
    Path os = tree.resolve("python/lib/python" + fixture.python.minorVersion() + "/os.py");
    Files.writeString(os, "print('MARKER')\n" + Files.readString(os));
    Path archive = dir.resolve("marked.tar.gz");
    try (TarBuilder tar = TarBuilder.gzip(archive)) {
      tar.tree(tree, "");
    }
    return archive;
  }

  /** Where the cache keeps a blob (the layout is the cache's contract with its users). */
  private record DownloadCacheBlobs(Path root) {
    Path of(String sha256) {
      Path blob = root.resolve("blobs/sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
      assertThat(blob).isRegularFile();
      return blob;
    }
  }
}
