package dev.pylayer.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSource;
import dev.pylayer.lock.LockFile;
import dev.pylayer.lock.LockListener;
import dev.pylayer.lock.LockRequest;
import dev.pylayer.lock.Locker;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.TargetEnvironment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Times {@code pylayer lock} of litellm 1.45.0 (its whole dependency closure) for CPython 3.11 on
 * x86_64 against the machine's local mirror, cold (empty cache directory) and warm (metadata
 * cached on disk; index pages are read again, as in a new run). Two ways to reach the mirror:
 *
 * <ul>
 *   <li>{@code file}: the mirror's {@code file://} URLs, so wheels are opened in place.
 *   <li>{@code http}: the same files served by an HTTP server on 127.0.0.1 that honours {@code
 *       Range}, so cold runs read METADATA by ranges as from a real index without PEP 658.
 * </ul>
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.pylayer.bench.LockBench [mirror-root]
 * [cold-runs] [warm-runs]}; mirror-root defaults to {@code /opt/pypi} (with {@code simple/} and
 * {@code files/}); {@code /opt/pypi-more}, {@code /opt/wheels} and {@code /tmp/litellm-wheels}
 * are added when present. Prints one line per run and the medians.
 */
public final class LockBench {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private LockBench() {}

  public static void main(String[] args) throws Exception {
    Path mirror = Path.of(args.length > 0 ? args[0] : "/opt/pypi");
    int cold = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int warm = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path litellm = Path.of("/tmp/litellm-wheels");
    if (!Files.isDirectory(litellm)) {
      System.err.println("no /tmp/litellm-wheels with litellm-1.45.0-py3-none-any.whl: the"
          + " mirror has no litellm 1.45.0 to lock");
      System.exit(2);
    }
    AtomicLong served = new AtomicLong();
    HttpServer server = serve(mirror, served);
    try {
      String http = "http://127.0.0.1:" + server.getAddress().getPort() + "/simple/";
      for (String mode : List.of("file", "http")) {
        String indexUrl = mode.equals("file") ? mirror.resolve("simple").toUri().toString() : http;
        List<Double> colds = new ArrayList<>();
        Path warmCache = null;
        for (int i = 0; i < cold; i++) {
          Path cache = Files.createTempDirectory("pylayer-lock-bench");
          served.set(0);
          colds.add(run(mode + " cold", indexUrl, cache, served));
          if (warmCache == null) {
            warmCache = cache;
          } else {
            delete(cache);
          }
        }
        List<Double> warms = new ArrayList<>();
        for (int i = 0; i < warm; i++) {
          served.set(0);
          warms.add(run(mode + " warm", indexUrl, warmCache, served));
        }
        delete(warmCache);
        System.out.printf(Locale.ROOT, "%s: cold median %.2f s, warm median %.2f s%n", mode,
            median(colds), median(warms));
      }
    } finally {
      server.stop(0);
    }
  }

  private static double run(String label, String indexUrl, Path cache, AtomicLong served)
      throws Exception {
    List<IndexSource> sources = new ArrayList<>();
    Path work = Path.of("").toAbsolutePath();
    sources.add(IndexSource.index(indexUrl, work));
    if (Files.isDirectory(Path.of("/opt/pypi-more/simple"))) {
      sources.add(IndexSource.index("file:///opt/pypi-more/simple", work));
    }
    for (String links : List.of("/opt/wheels", "/tmp/litellm-wheels")) {
      if (Files.isDirectory(Path.of(links))) {
        sources.add(IndexSource.findLinks(links, work, work));
      }
    }
    TargetEnvironment target = TargetEnvironment.of("3.11", Arch.X86_64, 2, 34);
    long start = System.nanoTime();
    HttpTransport transport = HttpTransport.create(HttpSettings.defaults());
    IndexClient index = IndexClient.create(sources, transport, message -> {});
    LockFile lock = Locker.create(index, DownloadCache.create(cache, transport), cache,
        LockListener.NONE).lock(LockRequest.builder()
            .requirements(List.of(Requirement.parse("litellm==1.45.0")))
            .targets(List.of(target)).build());
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%-10s %6.2f s  %d packages  %,d bytes served over HTTP%n",
        label, seconds, lock.packages().size(), served.get());
    return seconds;
  }

  /** Serves {@code root} (simple/ and files/) on 127.0.0.1, with Range support. */
  private static HttpServer serve(Path root, AtomicLong served) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "lock-bench-http");
      t.setDaemon(true); // the JVM ends when the benchmark does
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try {
        String path = exchange.getRequestURI().getPath();
        Path file = root.resolve(path.substring(1)).normalize();
        if (Files.isDirectory(file)) {
          file = file.resolve("index.html");
        }
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        send(exchange, file, served);
      } finally {
        exchange.close();
      }
    });
    server.start();
    return server;
  }

  private static void send(HttpExchange exchange, Path file, AtomicLong served)
      throws IOException {
    long size = Files.size(file);
    long start = 0;
    long end = size - 1;
    int status = 200;
    String range = exchange.getRequestHeaders().getFirst("Range");
    Matcher m = range == null ? null : RANGE.matcher(range);
    if (m != null && m.matches()) {
      if (m.group(1).isEmpty()) {
        start = Math.max(0, size - Long.parseLong(m.group(2)));
      } else {
        start = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          end = Math.min(end, Long.parseLong(m.group(2)));
        }
      }
      status = 206;
      exchange.getResponseHeaders().set("Content-Range",
          "bytes " + start + "-" + end + "/" + size);
    }
    long length = end - start + 1;
    exchange.sendResponseHeaders(status, length);
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r");
        OutputStream out = exchange.getResponseBody()) {
      in.seek(start);
      byte[] buffer = new byte[65536];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
    served.addAndGet(length);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    return sorted.get(sorted.size() / 2);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
