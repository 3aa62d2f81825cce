package dev.pylayer.fetch;

import dev.pylayer.files.Sha256;
import static dev.pylayer.testing.LocalHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import dev.pylayer.testing.LocalHttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadCacheTest {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  @TempDir Path temp;
  private Path root;
  private LocalHttpServer server;
  private DownloadCache cache;
  private final byte[] content = randomBytes(300_000, 42);
  private final String sha = Sha256.of(content);

  @BeforeEach
  void setUp() throws IOException {
    server = LocalHttpServer.start();
    root = temp.resolve("cache");
    cache = DownloadCache.create(root, HttpTransport.create(
        HttpTransportTest.fastSettings().build()));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Serves {@link #content}, honouring {@code Range: bytes=N-} with a 206. */
  private void serveWithRanges(String path) {
    server.on(path, exchange -> serveRange(exchange, content));
  }

  private static void serveRange(HttpExchange exchange, byte[] data) throws IOException {
    String range = exchange.getRequestHeaders().getFirst("Range");
    Matcher m = range == null ? null : RANGE.matcher(range);
    if (m != null && m.matches()) {
      int from = Integer.parseInt(m.group(1));
      exchange.getResponseHeaders().set("Content-Range",
          "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
      exchange.sendResponseHeaders(206, data.length - from);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(data, from, data.length - from);
      }
    } else {
      send(exchange, 200, "application/octet-stream", data);
    }
  }

  private List<Path> filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).collect(Collectors.toList());
    }
  }

  @Test
  void downloadsVerifiesAndStoresUnderTheHash() throws IOException {
    serveWithRanges("/files/pkg.whl");

    Path blob = cache.fetch(server.uri("/files/pkg.whl"), sha.toUpperCase(), ProgressListener.NONE);

    assertThat(blob).isEqualTo(root.resolve("blobs/sha256/" + sha.substring(0, 2) + "/" + sha));
    assertThat(Files.readAllBytes(blob)).isEqualTo(content);
    assertThat(cache.find(sha)).contains(blob);
    assertThat(server.requests("/files/pkg.whl").get(0).header("Accept-Encoding"))
        .isEqualTo("identity");
  }

  @Test
  void aCacheHitDoesNotTouchTheNetwork() throws IOException {
    serveWithRanges("/files/pkg.whl");
    Path first = cache.fetch(server.uri("/files/pkg.whl"), sha, ProgressListener.NONE);

    Path second = cache.fetch(server.uri("/files/elsewhere.whl"), sha, ProgressListener.NONE);

    assertThat(second).isEqualTo(first);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aBlobRewrittenAfterItWasStoredIsEvictedReportedAndFetchedAgain() throws IOException {
    serveWithRanges("/files/pkg.whl");
    List<String> evictions = new CopyOnWriteArrayList<>();
    DownloadCache reporting = cache.onEviction(evictions::add);
    Path blob = reporting.fetch(server.uri("/files/pkg.whl"), sha, ProgressListener.NONE);
    byte[] rewritten = content.clone();
    rewritten[1000] ^= 1; // one bit, same size: an existence or size check would miss it
    Files.write(blob, rewritten);

    Path again = reporting.fetch(server.uri("/files/pkg.whl"), sha, ProgressListener.NONE);

    assertThat(again).isEqualTo(blob);
    assertThat(Files.readAllBytes(again)).isEqualTo(content);
    assertThat(server.requests("/files/pkg.whl")).hasSize(2);
    assertThat(evictions).singleElement().asString()
        .contains(blob.toString(), sha, Sha256.of(rewritten), "fetched again");
    assertThat(filesUnder(root.resolve("blobs"))).containsExactly(blob);
  }

  @Test
  void aRewrittenBlobThatCannotBeFetchedAgainFailsNamingFileHashesAndFix() throws IOException {
    serveWithRanges("/files/pkg.whl");
    Path blob = cache.fetch(server.uri("/files/pkg.whl"), sha, ProgressListener.NONE);
    byte[] rewritten = "#!/bin/sh\necho pwned\n".getBytes(StandardCharsets.UTF_8);
    Files.write(blob, rewritten);

    assertThatThrownBy(() -> cache.fetch(server.uri("/files/gone.whl"), sha,
            ProgressListener.NONE))
        .isInstanceOf(IOException.class).hasCauseInstanceOf(HttpStatusException.class)
        .hasMessageContaining(blob.toString())
        .hasMessageContaining(sha)
        .hasMessageContaining(Sha256.of(rewritten))
        .hasMessageContaining("Fix:");
    assertThat(blob).doesNotExist();
    assertThat(cache.find(sha)).isEmpty();
  }

  @Test
  void aRewrittenBlobWhoseSourceChangedTooIsRefused() throws IOException {
    Path wheel = Files.write(temp.resolve("local.whl"), content);
    Path blob = cache.fetch(wheel, sha, ProgressListener.NONE);
    Files.write(blob, new byte[] {1});
    Files.write(wheel, new byte[] {2});

    assertThatThrownBy(() -> cache.fetch(wheel, sha, ProgressListener.NONE))
        .isInstanceOf(HashMismatchException.class)
        .hasMessageContaining(blob.toString())
        .hasMessageContaining(Sha256.of(new byte[] {1}))
        .hasMessageContaining(Sha256.of(new byte[] {2}));
    assertThat(filesUnder(root.resolve("blobs"))).isEmpty();
  }

  @Test
  void findHashesTheBlobAndEvictsAChangedOne() throws IOException {
    Path wheel = Files.write(temp.resolve("local.whl"), content);
    Path blob = cache.fetch(wheel, sha, ProgressListener.NONE);
    assertThat(cache.find(sha)).contains(blob);
    Files.write(blob, new byte[0]);

    assertThat(cache.find(sha)).isEmpty();
    assertThat(blob).doesNotExist();
  }

  @Test
  void aHashMismatchNamesEverythingAndLeavesNothing() throws IOException {
    serveWithRanges("/files/pkg.whl");
    String wrong = Sha256.of(new byte[] {1, 2, 3});

    assertThatThrownBy(() -> cache.fetch(server.uri("/files/pkg.whl"), wrong,
            ProgressListener.NONE))
        .isInstanceOf(HashMismatchException.class)
        .hasMessageContaining(server.uri("/files/pkg.whl").toString())
        .hasMessageContaining(wrong)
        .hasMessageContaining(sha);

    assertThat(filesUnder(root.resolve("blobs"))).isEmpty();
    assertThat(cache.find(wrong)).isEmpty();
  }

  @Test
  void refusesAnInvalidExpectedHash() {
    assertThatThrownBy(() -> cache.fetch(server.uri("/x"), "abc", ProgressListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'abc' is not a SHA-256");
  }

  @Test
  void httpErrorsLeaveNothing() throws IOException {
    assertThatThrownBy(() -> cache.fetch(server.uri("/missing.whl"), sha, ProgressListener.NONE))
        .isInstanceOf(HttpStatusException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("/missing.whl");
    assertThat(filesUnder(root.resolve("blobs"))).isEmpty();
  }

  @Test
  void theBlobAppearsOnlyWhenCompleteAndVerified() throws Exception {
    CountDownLatch halfSent = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    server.on("/slow.whl", exchange -> {
      exchange.sendResponseHeaders(200, content.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(content, 0, content.length / 2);
        out.flush();
        halfSent.countDown();
        finish.await(10, TimeUnit.SECONDS);
        out.write(content, content.length / 2, content.length - content.length / 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<Path> download = executor.submit(
          () -> cache.fetch(server.uri("/slow.whl"), sha, ProgressListener.NONE));
      assertThat(halfSent.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(cache.find(sha)).isEmpty();
      assertThat(Files.exists(cache.blobPath(sha))).isFalse();

      finish.countDown();
      assertThat(Files.readAllBytes(download.get(10, TimeUnit.SECONDS))).isEqualTo(content);
      assertThat(filesUnder(root.resolve("blobs"))).containsExactly(cache.blobPath(sha));
    } finally {
      finish.countDown();
      executor.shutdownNow();
    }
  }

  @Test
  void resumesWithARangeRequestAfterTheConnectionDrops() throws Exception {
    int cut = 100_000;
    // com.sun.net.httpserver keeps a short-changed connection open, so the drop needs a raw
    // socket: the first response promises the whole file, sends part of it and closes.
    try (DroppingServer dropping = new DroppingServer(content, cut)) {
      List<long[]> events = new CopyOnWriteArrayList<>();

      Path blob = cache.fetch(dropping.uri(), sha,
          (source, done, total) -> events.add(new long[] {done, total}));

      assertThat(Files.readAllBytes(blob)).isEqualTo(content);
      assertThat(dropping.ranges).hasSize(2);
      assertThat(dropping.ranges.get(0)).isNull();
      String range = dropping.ranges.get(1);
      assertThat(range).startsWith("bytes=");
      long resumedAt = Long.parseLong(range.substring(6, range.length() - 1));
      assertThat(resumedAt).isPositive().isLessThanOrEqualTo(cut);

      // Progress: the resume starts where the file stood, the last event is the whole file.
      assertThat(events).anySatisfy(e -> assertThat(e).containsExactly(resumedAt, content.length));
      assertThat(events.get(events.size() - 1)).containsExactly(content.length, content.length);
      assertThat(filesUnder(root.resolve("blobs"))).containsExactly(blob);
    }
  }

  /** A one-path HTTP/1.1 server on a raw socket whose first response breaks off after a cut. */
  private static final class DroppingServer implements AutoCloseable {
    final List<String> ranges = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final Thread thread;

    DroppingServer(byte[] data, int cut) throws IOException {
      socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket connection = socket.accept()) {
            serve(connection, data, cut);
          } catch (IOException e) {
            // closed by the test, or the client went away
          }
        }
      });
      thread.setDaemon(true);
      thread.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/drop.whl");
    }

    private void serve(Socket connection, byte[] data, int cut) throws IOException {
      BufferedReader in = new BufferedReader(new InputStreamReader(
          connection.getInputStream(), StandardCharsets.ISO_8859_1));
      String range = null;
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        if (line.toLowerCase(Locale.ROOT).startsWith("range:")) {
          range = line.substring(6).trim();
        }
      }
      ranges.add(range);
      OutputStream out = connection.getOutputStream();
      Matcher m = range == null ? null : RANGE.matcher(range);
      if (ranges.size() == 1) {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + data.length + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.write(data, 0, cut);
      } else if (m != null && m.matches()) {
        int from = Integer.parseInt(m.group(1));
        out.write(("HTTP/1.1 206 Partial Content\r\nContent-Length: " + (data.length - from)
            + "\r\nContent-Range: bytes " + from + "-" + (data.length - 1) + "/" + data.length
            + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.write(data, from, data.length - from);
      } else {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + data.length
            + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
      }
      out.flush();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(5000);
    }
  }

  @Test
  void resumesAPartialFileLeftByAnEarlierRun() throws IOException {
    serveWithRanges("/files/pkg.whl");
    Path part = cache.blobPath(sha).resolveSibling(sha + ".part");
    Files.createDirectories(part.getParent());
    Files.write(part, Arrays.copyOf(content, 123_456));

    Path blob = cache.fetch(server.uri("/files/pkg.whl"), sha, ProgressListener.NONE);

    assertThat(Files.readAllBytes(blob)).isEqualTo(content);
    assertThat(server.requests("/files/pkg.whl").get(0).header("Range"))
        .isEqualTo("bytes=123456-");
    assertThat(part).doesNotExist();
  }

  @Test
  void restartsFromZeroWhenTheServerIgnoresRanges() throws IOException {
    server.on("/plain.whl", exchange -> send(exchange, 200, "application/octet-stream", content));
    Path part = cache.blobPath(sha).resolveSibling(sha + ".part");
    Files.createDirectories(part.getParent());
    Files.write(part, new byte[5000]);

    Path blob = cache.fetch(server.uri("/plain.whl"), sha, ProgressListener.NONE);

    assertThat(Files.readAllBytes(blob)).isEqualTo(content);
    assertThat(server.requests("/plain.whl")).hasSize(1);
  }

  @Test
  void aStalePartialFileIsDiscardedAndTheDownloadRedone() throws IOException {
    serveWithRanges("/files/pkg.whl");
    Path part = cache.blobPath(sha).resolveSibling(sha + ".part");
    Files.createDirectories(part.getParent());
    Files.write(part, randomBytes(50_000, 7)); // bytes of some other file

    Path blob = cache.fetch(server.uri("/files/pkg.whl"), sha, ProgressListener.NONE);

    assertThat(Files.readAllBytes(blob)).isEqualTo(content);
    List<LocalHttpServer.Request> requests = server.requests("/files/pkg.whl");
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).header("Range")).isEqualTo("bytes=50000-");
    assertThat(requests.get(1).header("Range")).isNull();
  }

  @Test
  void copiesLocalFilesGivenAsFileUrlsOrPaths() throws IOException {
    Path wheel = Files.write(temp.resolve("local.whl"), content);

    Path viaUrl = cache.fetch(wheel.toUri(), sha, ProgressListener.NONE);
    assertThat(viaUrl).isEqualTo(cache.blobPath(sha));
    assertThat(Files.readAllBytes(viaUrl)).isEqualTo(content);
    Files.delete(viaUrl);

    List<long[]> events = new ArrayList<>();
    Path viaPath = cache.fetch(URI.create(wheel.toString()), sha,
        (source, done, total) -> events.add(new long[] {done, total}));
    assertThat(Files.readAllBytes(viaPath)).isEqualTo(content);
    assertThat(events.get(0)).containsExactly(0, content.length);
    assertThat(events.get(events.size() - 1)).containsExactly(content.length, content.length);
  }

  @Test
  void aLocalFileWithTheWrongHashLeavesNothing() throws IOException {
    Path wheel = Files.write(temp.resolve("local.whl"), content);
    String wrong = Sha256.of(new byte[] {9});

    assertThatThrownBy(() -> cache.fetch(wheel, wrong, ProgressListener.NONE))
        .isInstanceOf(HashMismatchException.class)
        .hasMessageContaining(wheel.toString());
    assertThat(filesUnder(root.resolve("blobs"))).isEmpty();
    assertThatThrownBy(() -> cache.fetch(temp.resolve("absent.whl"), sha, ProgressListener.NONE))
        .hasMessageContaining("no such file");
  }

  @Test
  void concurrentFetchesOfOneFileDownloadItOnce() throws Exception {
    serveWithRanges("/files/pkg.whl");
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(executor.submit(
            () -> cache.fetch(server.uri("/files/pkg.whl"), sha, ProgressListener.NONE)));
      }
      for (Future<Path> future : futures) {
        assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo(cache.blobPath(sha));
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(server.requests("/files/pkg.whl")).hasSize(1);
    assertThat(Files.readAllBytes(cache.blobPath(sha))).isEqualTo(content);
  }

  @Test
  void defaultRootFollowsTheEnvironment() {
    Path home = Path.of("/home/u");
    assertThat(DownloadCache.defaultRoot(Map.of(), home)).isEqualTo(Path.of("/home/u/.cache/pylayer"));
    assertThat(DownloadCache.defaultRoot(Map.of("XDG_CACHE_HOME", "/xdg"), home))
        .isEqualTo(Path.of("/xdg/pylayer"));
    assertThat(DownloadCache.defaultRoot(
            Map.of("PYLAYER_CACHE", "/c", "XDG_CACHE_HOME", "/xdg"), home))
        .isEqualTo(Path.of("/c"));
  }

  @Test
  void sha256OfFilesStreamsAndBytesAgree() throws IOException {
    // FIPS 180-2 test vector for "abc".
    assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    Path file = Files.write(temp.resolve("f"), content);
    assertThat(Sha256.of(file)).isEqualTo(sha);
  }
}
