package dev.pylayer.lock;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.files.Sha256;
import dev.pylayer.index.DistributionFile;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSource;
import dev.pylayer.pep.PackageName;
import dev.pylayer.testing.LocalHttpServer;
import dev.pylayer.testing.WheelBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataFetcherTest {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final PackageName DEMO = PackageName.of("demo");

  @TempDir Path dir;
  private LocalHttpServer server;
  private final AtomicLong bytesServed = new AtomicLong();

  @BeforeEach
  void start() throws IOException {
    server = LocalHttpServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A wheel whose payload is large and incompressible, so a full download is easy to tell. */
  private Path bigWheel(int extraEntries) throws IOException {
    byte[] noise = new byte[600_000];
    new Random(42).nextBytes(noise);
    WheelBuilder b = WheelBuilder.wheel("demo", "1.0")
        .requires("idna>=3")
        .requires("httpx; extra == 'http'")
        .requiresPython(">=3.8")
        .file("demo/blob.bin", noise);
    for (int i = 0; i < extraEntries; i++) {
      b.file(String.format("demo/a/rather/long/directory/name/for/module_%05d.py", i), "x = 1\n");
    }
    Files.createDirectories(dir.resolve("wheels"));
    return b.build(dir.resolve("wheels"));
  }

  private void serve(Path wheel, boolean honourRange) throws IOException {
    byte[] bytes = Files.readAllBytes(wheel);
    server.on("/files/" + wheel.getFileName(), exchange -> {
      String range = exchange.getRequestHeaders().getFirst("Range");
      Matcher m = range == null ? null : RANGE.matcher(range);
      if (!honourRange || m == null || !m.matches()) {
        send(exchange, 200, bytes, 0, bytes.length);
        return;
      }
      int start;
      int end;
      if (m.group(1).isEmpty()) {
        start = Math.max(0, bytes.length - Integer.parseInt(m.group(2)));
        end = bytes.length - 1;
      } else {
        start = Integer.parseInt(m.group(1));
        end = m.group(2).isEmpty() ? bytes.length - 1
            : Math.min(bytes.length - 1, Integer.parseInt(m.group(2)));
      }
      exchange.getResponseHeaders().set("Content-Range",
          "bytes " + start + "-" + end + "/" + bytes.length);
      send(exchange, 206, bytes, start, end - start + 1);
    });
  }

  private void send(HttpExchange exchange, int status, byte[] bytes, int start, int length)
      throws IOException {
    exchange.sendResponseHeaders(status, length);
    // Counted before the body goes out: the client may go on (and the test check the count) as
    // soon as it has read the last byte.
    bytesServed.addAndGet(length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes, start, length);
    }
  }

  private DistributionFile file(Path wheel, boolean withHash, boolean pep658) throws IOException {
    DistributionFile.Builder b = DistributionFile.builder()
        .filename(wheel.getFileName().toString())
        .url(server.uri("/files/" + wheel.getFileName()))
        .coreMetadata(pep658)
        .source(IndexSource.index(server.uri("/simple/").toString(), dir));
    if (withHash) {
      b.hash("sha256", Sha256.of(wheel));
    }
    return b.build();
  }

  private MetadataFetcher fetcher() {
    HttpTransport transport = HttpTransport.create(HttpSettings.defaults());
    IndexClient index = IndexClient.create(
        List.of(IndexSource.index(server.uri("/simple/").toString(), dir)), transport,
        message -> {});
    return new MetadataFetcher(index, DownloadCache.create(dir.resolve("cache"), transport),
        dir.resolve("cache"));
  }

  private static String text(byte[] metadata) {
    return new String(metadata, StandardCharsets.UTF_8);
  }

  @Test
  void readsMetadataThroughRangesWithoutDownloadingTheWheel() throws IOException {
    Path wheel = bigWheel(0);
    serve(wheel, true);
    MetadataFetcher fetcher = fetcher();

    byte[] metadata = fetcher.fetch(file(wheel, true, false), DEMO);

    assertThat(text(metadata)).contains("Name: demo").contains("Requires-Dist: idna>=3")
        .contains("Requires-Python: >=3.8");
    assertThat(server.requests("/files/" + wheel.getFileName()))
        .allSatisfy(r -> assertThat(r.header("Range")).startsWith("bytes="));
    assertThat(bytesServed.get()).isLessThan(Files.size(wheel) / 4);
    assertThat(fetcher.wheelReader().fullDownloads.get()).isZero();
  }

  @Test
  void readsALargeCentralDirectoryAndAnEarlyEntryWithFurtherRanges() throws IOException {
    Path wheel = bigWheel(3000); // central directory far larger than the 64 KiB tail
    serve(wheel, true);
    MetadataFetcher fetcher = fetcher();

    byte[] metadata = fetcher.fetch(file(wheel, true, false), DEMO);

    assertThat(text(metadata)).contains("Requires-Dist: httpx; extra == 'http'");
    assertThat(server.requests("/files/" + wheel.getFileName())).hasSizeGreaterThan(1);
    assertThat(bytesServed.get()).isLessThan(Files.size(wheel) / 2);
    assertThat(fetcher.wheelReader().fullDownloads.get()).isZero();
  }

  @Test
  void aServerThatIgnoresRangeCostsOneDownloadWhichIsKept() throws IOException {
    Path wheel = bigWheel(0);
    serve(wheel, false);
    MetadataFetcher fetcher = fetcher();

    byte[] metadata = fetcher.fetch(file(wheel, true, false), DEMO);

    assertThat(text(metadata)).contains("Requires-Dist: idna>=3");
    assertThat(server.requests("/files/" + wheel.getFileName())).hasSize(1);
    DownloadCache cache = DownloadCache.create(dir.resolve("cache"),
        HttpTransport.create(HttpSettings.defaults()));
    assertThat(cache.find(Sha256.of(wheel))).isPresent();
  }

  @Test
  void aWheelWithoutHashIsStillReadAndCachedByUrl() throws IOException {
    Path wheel = bigWheel(0);
    serve(wheel, false);
    DistributionFile unhashed = file(wheel, false, false);

    assertThat(text(fetcher().fetch(unhashed, DEMO))).contains("Name: demo");
    assertThat(text(fetcher().fetch(unhashed, DEMO))).contains("Name: demo");

    assertThat(server.requests("/files/" + wheel.getFileName())).hasSize(1);
  }

  @Test
  void prefersPep658MetadataAndNeverTouchesTheWheel() throws IOException {
    Path wheel = bigWheel(0);
    serve(wheel, true);
    String served = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Dist: served-by-658\n";
    server.on("/files/" + wheel.getFileName() + ".metadata",
        exchange -> LocalHttpServer.send(exchange, 200, "text/plain", served));

    byte[] metadata = fetcher().fetch(file(wheel, true, true), DEMO);

    assertThat(text(metadata)).isEqualTo(served);
    assertThat(server.requests("/files/" + wheel.getFileName())).isEmpty();
  }

  @Test
  void aMissingPep658FileFallsBackToTheWheel() throws IOException {
    Path wheel = bigWheel(0);
    serve(wheel, true);

    byte[] metadata = fetcher().fetch(file(wheel, true, true), DEMO);

    assertThat(text(metadata)).contains("Requires-Dist: idna>=3");
    assertThat(server.requests("/files/" + wheel.getFileName() + ".metadata")).hasSize(1);
  }

  @Test
  void theDiskCacheAnswersTheNextRunWithoutAnyRequest() throws IOException {
    Path wheel = bigWheel(0);
    serve(wheel, true);
    DistributionFile f = file(wheel, true, false);
    byte[] first = fetcher().fetch(f, DEMO);
    int requests = server.requests().size();

    MetadataFetcher second = fetcher();
    byte[] again = second.fetch(f, DEMO);

    assertThat(again).isEqualTo(first);
    assertThat(server.requests()).hasSize(requests);
    assertThat(second.cacheHits.get()).isEqualTo(1);
  }

  @Test
  void readsALocalWheelDirectly() throws IOException {
    Path wheel = bigWheel(0);
    DistributionFile local = DistributionFile.builder()
        .filename(wheel.getFileName().toString()).url(wheel.toUri())
        .source(IndexSource.findLinks(dir.resolve("wheels").toString(), dir, dir)).build();

    assertThat(text(fetcher().fetch(local, DEMO))).contains("Requires-Dist: idna>=3");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void theSizeComesFromRangeAnswersAndIsRememberedBesideTheMetadata() throws IOException {
    Path wheel = bigWheel(0);
    serve(wheel, true);
    DistributionFile f = file(wheel, true, false);
    fetcher().fetch(f, DEMO);
    long served = bytesServed.get();
    int requests = server.requests().size();

    assertThat(fetcher().size(f)).isEqualTo(Files.size(wheel));
    assertThat(server.requests()).hasSize(requests);
    assertThat(bytesServed.get()).isEqualTo(served);
  }

  @Test
  void anUnknownSizeCostsOneByteNotADownload() throws IOException {
    Path wheel = bigWheel(0);
    serve(wheel, true);

    assertThat(fetcher().size(file(wheel, true, true))).isEqualTo(Files.size(wheel));
    assertThat(bytesServed.get()).isEqualTo(1);
  }
}
