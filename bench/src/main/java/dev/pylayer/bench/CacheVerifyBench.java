package dev.pylayer.bench;

import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What verifying the download cache on every use costs: looks up every blob of a pylayer cache
 * through {@link DownloadCache#find}, which hashes it as a build's cache hit does, and prints the
 * bytes, the median seconds of {@code runs} passes and the throughput. Compare the seconds with
 * a warm {@code pylayer build} using the same cache (its blobs are exactly what that build
 * hashes when the cache holds nothing else).
 *
 * <p>Usage: {@code CacheVerifyBench <cache-dir> [runs]}.
 */
public final class CacheVerifyBench {

  private CacheVerifyBench() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    DownloadCache cache = DownloadCache.create(root, HttpTransport.create(HttpSettings.defaults()));
    List<String> hashes = new ArrayList<>();
    long bytes = 0;
    try (Stream<Path> blobs = Files.walk(root.resolve("blobs/sha256"))) {
      for (Path blob : blobs.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).toList()) {
        hashes.add(blob.getFileName().toString());
        bytes += Files.size(blob);
      }
    }
    List<Double> seconds = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      for (String hash : hashes) {
        if (cache.find(hash).isEmpty()) {
          throw new IllegalStateException("blob " + hash + " failed verification");
        }
      }
      seconds.add((System.nanoTime() - start) / 1e9);
    }
    seconds.sort(null);
    double median = seconds.get(seconds.size() / 2);
    System.out.printf("%d blobs, %,d bytes: median %.3f s of %d passes (%.0f MB/s)%n",
        hashes.size(), bytes, median, runs, bytes / 1e6 / median);
  }
}
