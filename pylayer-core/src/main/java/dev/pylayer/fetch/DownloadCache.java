package dev.pylayer.fetch;

import dev.pylayer.files.Sha256;
import dev.pylayer.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A content-addressed store of downloaded files. {@link #fetch} returns a file whose SHA-256 was
 * verified, stored as {@code <root>/blobs/sha256/<first two hex>/<hash>}.
 *
 * <p>A blob is written only by an atomic move of a fully verified temporary file in the same
 * directory. Its name is still no proof of its content: a cache restored from elsewhere, a disk
 * error or anyone with write access to the cache can change it later. So every cache hit is hashed
 * again before it is handed out (about 1 s per GB; see the README for the measured cost on a warm
 * build). A blob that no longer has its hash is evicted, the eviction is reported to the {@link
 * #onEviction eviction listener}, and the file is fetched again from its source; if that fails,
 * the error names the blob, both hashes and the fix. A broken download leaves at most {@code
 * <hash>.part}, which the next fetch of the same hash resumes with an HTTP Range request when the
 * server honours one. Safe for concurrent use by threads and by processes sharing the root (a
 * lock file per hash).
 */
public final class DownloadCache {

  private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final Pattern CONTENT_RANGE = Pattern.compile(
      "bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)", Pattern.CASE_INSENSITIVE);

  private final Path root;
  private final HttpTransport transport;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Consumer<String> evictions;

  private DownloadCache(Path root, HttpTransport transport, Consumer<String> evictions) {
    this.root = root.toAbsolutePath().normalize();
    this.transport = transport;
    this.evictions = evictions;
  }

  /** A cache at {@code root}, downloading through {@code transport}. */
  public static DownloadCache create(Path root, HttpTransport transport) {
    return new DownloadCache(
        Objects.requireNonNull(root, "root"), Objects.requireNonNull(transport, "transport"),
        message -> {});
  }

  /**
   * This cache, telling {@code listener} (one sentence, safe to print) each time a cached blob is
   * found changed and evicted. Without one, evictions are silent apart from the re-download.
   */
  public DownloadCache onEviction(Consumer<String> listener) {
    return new DownloadCache(root, transport, Objects.requireNonNull(listener, "listener"));
  }

  /**
   * The default cache directory: {@code $PYLAYER_CACHE} if set, else
   * {@code $XDG_CACHE_HOME/pylayer}, else {@code ~/.cache/pylayer}.
   */
  public static Path defaultRoot(Map<String, String> env, Path home) {
    String explicit = env.get("PYLAYER_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "pylayer");
    }
    return home.resolve(".cache").resolve("pylayer");
  }

  /** The cache directory (absolute). */
  public Path root() {
    return root;
  }

  /** Where the blob with this hash lives (whether or not it is there). */
  public Path blobPath(String sha256) {
    String hash = Sha256.requireValid(sha256, "blob hash");
    return root.resolve("blobs").resolve("sha256").resolve(hash.substring(0, 2)).resolve(hash);
  }

  /**
   * The cached file with this hash, if the cache has it with that content (hashed now; a changed
   * blob is evicted and reported as by {@link #fetch}).
   */
  public Optional<Path> find(String sha256) throws IOException {
    String hash = Sha256.requireValid(sha256, "blob hash");
    Path blob = blobPath(hash);
    return verifiedHit(blob, hash).usable() ? Optional.of(blob) : Optional.empty();
  }

  /** What a look into the cache found: a usable blob, nothing, or a changed blob now evicted. */
  private record Lookup(boolean usable, Optional<BlobChange> evicted) {
    static final Lookup HIT = new Lookup(true, Optional.empty());
    static final Lookup MISS = new Lookup(false, Optional.empty());
  }

  /** Hashes an existing blob; a blob with another content is evicted (and reported). */
  private Lookup verifiedHit(Path blob, String hash) throws IOException {
    if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.isSymbolicLink(blob)) {
        return new Lookup(false, Optional.of(evict(blob, hash, "a symbolic link")));
      }
      return Lookup.MISS;
    }
    String actual;
    try {
      actual = Sha256.of(blob);
    } catch (NoSuchFileException e) {
      return Lookup.MISS; // evicted by another process meanwhile
    }
    if (actual.equals(hash)) {
      return Lookup.HIT;
    }
    return new Lookup(false, Optional.of(evict(blob, hash, "content with sha256 " + actual)));
  }

  /** Removes a changed blob (by rename first, so no reader sees it half-deleted). */
  private BlobChange evict(Path blob, String hash, String found) throws IOException {
    Path aside = blob.resolveSibling(hash + "." + UUID.randomUUID() + ".evicted");
    try {
      Files.move(blob, aside, StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(aside);
    } catch (NoSuchFileException e) {
      // another thread or process evicted it first
    }
    BlobChange change = new BlobChange(blob, hash, found);
    evictions.accept("the cached file " + blob + " should have sha256 " + hash + " but holds "
        + found + " (changed after it was stored: a restored or shared cache, a disk error or"
        + " tampering); it was removed and is fetched again from its source");
    return change;
  }

  /** A blob found changed and evicted: what the error says if fetching it again fails. */
  private record BlobChange(Path blob, String expected, String found) {
    IOException refetchFailed(String source, IOException cause) {
      String message = "the cached file " + blob + " should have sha256 " + expected
          + " but held " + found + "; it was removed, and fetching it again from " + source
          + " failed: " + cause.getMessage() + ". Fix: make " + source + " reachable and build"
          + " again, or put the right file back (for example restore the cache from a trusted"
          + " copy)";
      if (cause instanceof HashMismatchException mismatch) {
        return new HashMismatchException(mismatch.source(), mismatch.expected(),
            mismatch.actual(), message);
      }
      return new IOException(message, cause);
    }
  }

  /**
   * Returns the cached file with the expected hash, fetching it first if needed.
   *
   * @param url an http(s) URL (credentials from userinfo, remembered logins or netrc), a
   *     {@code file:} URL, or a URI without scheme naming a local path
   * @param expectedSha256 the SHA-256 the content must have (hex); downloads without a known
   *     hash are refused on purpose
   * @param listener progress events
   * @return the blob path, never the original local file
   * @throws HashMismatchException if the content has another hash (nothing is kept)
   * @throws IOException if the download or copy fails
   */
  public Path fetch(URI url, String expectedSha256, ProgressListener listener)
      throws IOException {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(listener, "listener");
    String hash = Sha256.requireValid(expectedSha256, "expected sha256 of " + Uris.redact(url));
    Path blob = blobPath(hash);
    Lookup hit = verifiedHit(blob, hash);
    if (hit.usable()) {
      return blob;
    }
    try {
      return fetchFromSource(url, hash, blob, listener);
    } catch (IOException e) {
      throw hit.evicted().map(change -> change.refetchFailed(Uris.redact(url), e)).orElse(e);
    }
  }

  private Path fetchFromSource(URI url, String hash, Path blob, ProgressListener listener)
      throws IOException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "":
        return copyFromSource(Path.of(url.getPath()), hash, blob, listener);
      case "file":
        return copyFromSource(Path.of(url), hash, blob, listener);
      case "http":
      case "https":
        return underLock(hash, blob, () -> download(url, hash, blob, listener));
      default:
        throw new IllegalArgumentException(
            "cannot fetch '" + Uris.redact(url) + "': only http, https and file URLs are supported");
    }
  }

  /** Like {@link #fetch(URI, String, ProgressListener)} for a local file, which is copied in. */
  public Path fetch(Path localFile, String expectedSha256, ProgressListener listener)
      throws IOException {
    String hash = Sha256.requireValid(expectedSha256, "expected sha256 of " + localFile);
    Path blob = blobPath(hash);
    Lookup hit = verifiedHit(blob, hash);
    if (hit.usable()) {
      return blob;
    }
    try {
      return copyFromSource(localFile, hash, blob, listener);
    } catch (IOException e) {
      throw hit.evicted().map(change -> change.refetchFailed(localFile.toString(), e)).orElse(e);
    }
  }

  private Path copyFromSource(Path localFile, String hash, Path blob, ProgressListener listener)
      throws IOException {
    if (!Files.isRegularFile(localFile)) {
      throw new IOException(localFile + ": no such file (expected sha256 " + hash + ")");
    }
    return underLock(hash, blob, () -> copyLocal(localFile.toAbsolutePath(), hash, blob, listener));
  }

  private interface Action {
    Path run() throws IOException;
  }

  /** Runs an action holding the per-hash lock of this JVM and of every process on the root. */
  private Path underLock(String hash, Path blob, Action action) throws IOException {
    ReentrantLock lock = locks.computeIfAbsent(hash, k -> new ReentrantLock());
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for the cache lock of " + hash);
    }
    try {
      Path lockFile = root.resolve("locks").resolve(hash + ".lock");
      Files.createDirectories(lockFile.getParent());
      Files.createDirectories(blob.getParent());
      try (FileChannel channel = FileChannel.open(
              lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        assert held.isValid();
        if (Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS)
            && Sha256.of(blob).equals(hash)) {
          return blob; // another thread or process finished it while we waited
        }
        return action.run();
      }
    } finally {
      lock.unlock();
    }
  }

  private Path copyLocal(Path source, String hash, Path blob, ProgressListener listener)
      throws IOException {
    String name = source.toString();
    Path temp = blob.resolveSibling(hash + "." + UUID.randomUUID() + ".tmp");
    try {
      long total = Files.size(source);
      MessageDigest digest = Sha256.newDigest();
      Progress progress = new Progress(name, total, listener, 0);
      try (InputStream in = Files.newInputStream(source);
          OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
          progress.advance(n);
        }
      }
      String actual = Sha256.hex(digest.digest());
      if (!actual.equals(hash)) {
        throw new HashMismatchException(name, hash, actual);
      }
      moveIntoPlace(temp, blob);
      progress.finish();
      return blob;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private Path download(URI url, String hash, Path blob, ProgressListener listener)
      throws IOException {
    String source = Uris.redact(url);
    Path part = blob.resolveSibling(hash + ".part");
    int retries = transport.settings().retries();
    int interruptions = 0;
    int restarts = 0;
    boolean retriedFromScratch = false;
    while (true) {
      long have = Files.isRegularFile(part) ? Files.size(part) : 0;
      Map<String, String> headers = new HashMap<>();
      // Ranges count bytes of the encoded body: ask for the file itself, never gzip of it.
      headers.put("Accept-Encoding", "identity");
      if (have > 0) {
        headers.put("Range", "bytes=" + have + "-");
      }
      boolean append;
      long total;
      try (HttpTransport.Response response = transport.get(url, headers)) {
        int status = response.statusCode();
        Matcher range = CONTENT_RANGE.matcher(response.header("Content-Range").orElse(""));
        if (status == 206 && have > 0 && range.matches() && Long.parseLong(range.group(1)) == have) {
          append = true;
          total = range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
        } else if (status == 200) {
          append = false;
          have = 0;
          total = response.contentLength().orElse(-1);
        } else if ((status == 206 || status == 416) && restarts++ < 2) {
          // A range we did not ask for, or a partial file larger than the file: start over.
          Files.deleteIfExists(part);
          continue;
        } else {
          throw response.toException("download");
        }

        MessageDigest digest = Sha256.newDigest();
        if (append) {
          try (InputStream existing = Files.newInputStream(part)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = existing.read(buffer)) > 0; ) {
              digest.update(buffer, 0, n);
            }
          }
        }
        Progress progress = new Progress(source, total, listener, have);
        boolean complete = copyBody(response.body(), part, append, digest, progress);
        if (!complete) {
          if (++interruptions > retries) {
            throw new IOException("download " + source + ": connection broke " + interruptions
                + " times; " + Files.size(part) + " bytes are kept in " + part
                + " and the next fetch resumes from there");
          }
          pause(interruptions - 1);
          continue;
        }
        String actual = Sha256.hex(digest.digest());
        if (!actual.equals(hash)) {
          Files.deleteIfExists(part);
          if (append && !retriedFromScratch) {
            // The kept part may be from another file version: try once more from byte 0.
            retriedFromScratch = true;
            continue;
          }
          throw new HashMismatchException(source, hash, actual);
        }
        moveIntoPlace(part, blob);
        progress.finish();
        return blob;
      }
    }
  }

  /**
   * Streams the body into the part file. Returns false if the connection broke (the bytes so far
   * stay in the part file for a resume); a failure to write the file propagates.
   */
  private static boolean copyBody(
      InputStream body, Path part, boolean append, MessageDigest digest, Progress progress)
      throws IOException {
    StandardOpenOption mode =
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    try (OutputStream out = Files.newOutputStream(
        part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int n;
        try {
          n = body.read(buffer);
        } catch (IOException e) {
          if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("download interrupted");
          }
          return false;
        }
        if (n < 0) {
          return true;
        }
        out.write(buffer, 0, n);
        digest.update(buffer, 0, n);
        progress.advance(n);
      }
    }
  }

  private void pause(int retry) throws InterruptedIOException {
    Duration delay = transport.settings().backoff().delayBefore(retry);
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to resume a download");
    }
  }

  private static void moveIntoPlace(Path temp, Path blob) throws IOException {
    // Same directory, so this is one rename; the blob's name is its content's hash.
    AtomicFiles.replace(temp, blob);
  }

  /** Rate-limited progress reporting for one transfer. */
  private static final class Progress {
    private final String source;
    private final long total;
    private final ProgressListener listener;
    private long done;
    private long lastReport;

    Progress(String source, long total, ProgressListener listener, long start) {
      this.source = source;
      this.total = total;
      this.listener = listener;
      this.done = start;
      this.lastReport = System.nanoTime();
      listener.onProgress(source, done, total);
    }

    void advance(int n) {
      done += n;
      long now = System.nanoTime();
      if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
        lastReport = now;
        listener.onProgress(source, done, total);
      }
    }

    void finish() {
      listener.onProgress(source, done, done);
    }
  }
}
