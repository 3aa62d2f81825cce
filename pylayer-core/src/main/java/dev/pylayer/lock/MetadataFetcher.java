package dev.pylayer.lock;

import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpStatusException;
import dev.pylayer.files.Sha256;
import dev.pylayer.fetch.Uris;
import dev.pylayer.files.AtomicFiles;
import dev.pylayer.index.DistributionFile;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexException;
import dev.pylayer.pep.PackageName;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gets a wheel's core metadata ({@code METADATA}) the cheapest way there is, and keeps it on disk
 * so the next lock reads no network at all: the disk cache first (keyed by the wheel's sha256, or
 * its URL when the index gives no hash), then the index's PEP 658 {@code .metadata} file, then
 * the wheel itself through {@link WheelMetadataReader} (a local file opened directly; a remote one
 * read by HTTP ranges, or downloaded whole when the server ignores ranges). Thread-safe.
 */
final class MetadataFetcher {

  private final IndexClient index;
  private final WheelMetadataReader wheels;
  private final Path cacheDir;
  final AtomicLong cacheHits = new AtomicLong();
  final AtomicLong pep658Reads = new AtomicLong();
  private final Map<String, CompletableFuture<byte[]>> reads = new ConcurrentHashMap<>();

  /**
   * @param cacheRoot pylayer's cache root; metadata goes to {@code <cacheRoot>/metadata/v1}
   */
  MetadataFetcher(IndexClient index, DownloadCache downloads, Path cacheRoot) {
    this.index = index;
    this.wheels = new WheelMetadataReader(index.transport(), downloads);
    this.cacheDir = cacheRoot.resolve("metadata").resolve("v1");
  }

  WheelMetadataReader wheelReader() {
    return wheels;
  }

  /**
   * The METADATA bytes of {@code wheel}, a wheel of {@code project}. Concurrent calls for the same
   * wheel (a background prefetch and the resolver) share one read; results stay in memory for the
   * life of this fetcher (one lock).
   */
  byte[] fetch(DistributionFile wheel, PackageName project) throws IOException {
    String key = cachePath(wheel).toString();
    CompletableFuture<byte[]> mine = new CompletableFuture<>();
    CompletableFuture<byte[]> existing = reads.putIfAbsent(key, mine);
    if (existing != null) {
      return await(existing, wheel);
    }
    try {
      byte[] bytes = load(wheel, project);
      mine.complete(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      reads.remove(key, mine); // a later call may try again
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private static byte[] await(CompletableFuture<byte[]> read, DistributionFile wheel)
      throws IOException {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted reading the metadata of "
          + wheel.filename());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw new IOException(cause.getMessage(), cause);
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IOException(wheel.filename() + ": " + cause, cause);
    }
  }

  private byte[] load(DistributionFile wheel, PackageName project) throws IOException {
    Path cached = cachePath(wheel);
    if (Files.isRegularFile(cached)) {
      cacheHits.incrementAndGet();
      return Files.readAllBytes(cached);
    }
    byte[] metadata = null;
    if (wheel.coreMetadataAvailable()) {
      try {
        metadata = index.coreMetadata(wheel);
        pep658Reads.incrementAndGet();
      } catch (IndexException | HttpStatusException e) {
        // A broken .metadata file (missing, or not matching its hash) is the index's bug; the
        // wheel itself still has the truth, so read it from there.
        metadata = null;
      }
    }
    if (metadata == null) {
      metadata = wheels.read(wheel, project);
    }
    store(cached, metadata);
    Optional<Long> size = wheels.knownSize(wheel);
    if (size.isPresent()) {
      store(sizePath(cached), size.get().toString().getBytes(StandardCharsets.US_ASCII));
    }
    return metadata;
  }

  /**
   * The wheel's size for the lock, when the index did not give it: remembered beside its cached
   * metadata, else learned from the server (a one-byte range request at most).
   */
  long size(DistributionFile wheel) throws IOException {
    Path sizeFile = sizePath(cachePath(wheel));
    if (Files.isRegularFile(sizeFile)) {
      try {
        return Long.parseLong(Files.readString(sizeFile, StandardCharsets.US_ASCII).strip());
      } catch (NumberFormatException e) {
        // a damaged cache entry: ask again below
      }
    }
    long size = wheels.size(wheel);
    if (!"file".equalsIgnoreCase(wheel.url().getScheme())) {
      store(sizeFile, Long.toString(size).getBytes(StandardCharsets.US_ASCII));
    }
    return size;
  }

  private static Path sizePath(Path metadataPath) {
    String name = metadataPath.getFileName().toString();
    return metadataPath.resolveSibling(name.substring(0, name.length() - ".metadata".length())
        + ".size");
  }

  /**
   * The cache file: by the wheel's sha256 when known (the same bytes have the same metadata
   * wherever they are served), else by a hash of its URL (without credentials).
   */
  Path cachePath(DistributionFile wheel) {
    String key = wheel.sha256()
        .map(h -> "sha256-" + h.toLowerCase(java.util.Locale.ROOT))
        .orElseGet(() -> "url-" + Sha256.of(
            Uris.redact(wheel.url()).getBytes(StandardCharsets.UTF_8)));
    return cacheDir.resolve(key.substring(0, key.indexOf('-') + 3)).resolve(key + ".metadata");
  }

  private static void store(Path target, byte[] bytes) {
    try {
      AtomicFiles.write(target, bytes);
    } catch (IOException e) {
      // The cache only saves time: a read-only or full cache directory must not fail a lock.
    }
  }
}
