package dev.pylayer.lock;

import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.fetch.ProgressListener;
import dev.pylayer.files.Sha256;
import dev.pylayer.fetch.Uris;
import dev.pylayer.index.DistributionFile;
import dev.pylayer.pep.PackageName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a wheel's {@code .dist-info/METADATA} with as little transfer as possible. A local
 * wheel ({@code file:}) is opened as a zip. A remote one is read the way pip's "lazy wheel"
 * does: an HTTP range request for the archive's tail (end of central directory), one for the
 * central directory if the tail did not hold it, and one for the METADATA entry, so a 10 MB wheel
 * costs a few tens of kilobytes. A server that ignores {@code Range} gets a full download into the
 * {@link DownloadCache}, where installing finds it later.
 */
final class WheelMetadataReader {

  private static final int TAIL = 64 * 1024;
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)", Pattern.CASE_INSENSITIVE);

  private final HttpTransport transport;
  private final DownloadCache downloads;
  final AtomicLong rangeRequests = new AtomicLong();
  final AtomicLong rangeBytes = new AtomicLong();
  final AtomicLong fullDownloads = new AtomicLong();
  /** Sizes learned from Content-Range totals, so the lock can record them without a download. */
  private final Map<URI, Long> sizes = new ConcurrentHashMap<>();

  WheelMetadataReader(HttpTransport transport, DownloadCache downloads) {
    this.transport = transport;
    this.downloads = downloads;
  }

  /** The METADATA bytes of the wheel. */
  byte[] read(DistributionFile wheel, PackageName project) throws IOException {
    URI url = wheel.url();
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      return readLocal(Path.of(url), wheel.filename(), project);
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IOException(wheel.filename() + ": cannot read " + Uris.redact(url)
          + ": only http, https and file URLs are supported");
    }
    try {
      byte[] metadata = readRemote(wheel, project);
      if (metadata != null) {
        return metadata;
      }
    } catch (ServedWhole e) {
      return readLocal(e.file, wheel.filename(), project);
    } catch (ZipFormatException e) {
      // Not worth failing on: a full download reads whatever the zip tooling understands.
    }
    return readLocal(downloadWhole(wheel), wheel.filename(), project);
  }

  /** The size of the wheel if a range answer already told it. */
  Optional<Long> knownSize(DistributionFile wheel) {
    return Optional.ofNullable(sizes.get(wheel.url()));
  }

  /**
   * The size of the wheel in bytes: a local file's own, one learned earlier, else from a
   * one-byte range request (a server ignoring ranges sends the whole file, which is kept).
   */
  long size(DistributionFile wheel) throws IOException {
    if ("file".equalsIgnoreCase(wheel.url().getScheme())) {
      return Files.size(Path.of(wheel.url()));
    }
    Long known = sizes.get(wheel.url());
    if (known != null) {
      return known;
    }
    try {
      Slice first = get(wheel, "bytes=0-0");
      if (first != null && first.total() >= 0) {
        return first.total();
      }
    } catch (ServedWhole e) {
      return Files.size(e.file);
    }
    return Files.size(localCopy(wheel));
  }

  /**
   * The wheel as a local file: itself for {@code file:} URLs, else downloaded into the cache
   * (verified when the index gave a sha256, else kept under the hash of what arrived).
   */
  Path localCopy(DistributionFile wheel) throws IOException {
    if ("file".equalsIgnoreCase(wheel.url().getScheme())) {
      return Path.of(wheel.url());
    }
    if (wheel.sha256().isPresent()) {
      Optional<Path> cached = downloads.find(wheel.sha256().get());
      if (cached.isPresent()) {
        return cached.get();
      }
    }
    return downloadWhole(wheel);
  }

  // ------------------------------------------------------------------ local zip

  private static byte[] readLocal(Path zip, String filename, PackageName project)
      throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      ZipEntry best = null;
      for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (isMetadata(entry.getName()) && (best == null || prefer(entry.getName(), project))) {
          best = entry;
        }
      }
      if (best == null) {
        throw new IOException(filename + ": no .dist-info/METADATA in the wheel; it is broken,"
            + " pin another version");
      }
      try (InputStream in = file.getInputStream(best)) {
        return in.readAllBytes();
      }
    }
  }

  private static boolean isMetadata(String name) {
    int slash = name.indexOf('/');
    return slash > 0 && name.indexOf('/', slash + 1) < 0
        && name.substring(0, slash).endsWith(".dist-info")
        && name.substring(slash + 1).equals("METADATA");
  }

  /** With several dist-info directories, the project's own wins. */
  private static boolean prefer(String name, PackageName project) {
    String dir = name.substring(0, name.indexOf('/'));
    String stem = dir.substring(0, dir.length() - ".dist-info".length());
    int dash = stem.indexOf('-');
    String distribution = dash < 0 ? stem : stem.substring(0, dash);
    return PackageName.normalize(distribution).equals(project.value());
  }

  // ------------------------------------------------------------------ remote ranges

  private static final class ZipFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    ZipFormatException(String message) {
      super(message);
    }
  }

  /** A slice of the remote file. */
  private record Slice(long start, byte[] bytes, long total) {
    boolean covers(long from, long length) {
      return from >= start && from + length <= start + bytes.length;
    }

    byte[] copy(long from, long length) {
      int offset = (int) (from - start);
      return Arrays.copyOfRange(bytes, offset, offset + (int) length);
    }
  }

  /** The METADATA bytes, or null when the server does not honour ranges. */
  private byte[] readRemote(DistributionFile wheel, PackageName project) throws IOException {
    Slice tail = get(wheel, "bytes=-" + TAIL);
    if (tail == null) {
      return null;
    }
    ZipDirectory.Location location;
    try {
      location = ZipDirectory.locate(tail.bytes(), tail.start());
    } catch (IOException e) {
      throw new ZipFormatException(e.getMessage());
    }
    if (location == null) {
      throw new ZipFormatException("zip64 record before the tail");
    }
    byte[] directory;
    if (tail.covers(location.offset(), location.size())) {
      directory = tail.copy(location.offset(), location.size());
    } else {
      Slice cd = get(wheel, range(location.offset(), location.size()));
      if (cd == null) {
        return null;
      }
      directory = cd.bytes();
    }
    ZipDirectory.Entry entry = null;
    for (ZipDirectory.Entry e : ZipDirectory.entries(directory)) {
      if (isMetadata(e.name()) && (entry == null || prefer(e.name(), project))) {
        entry = e;
      }
    }
    if (entry == null) {
      throw new IOException(wheel.filename() + ": no .dist-info/METADATA in the wheel; it is"
          + " broken, pin another version");
    }
    long guess = ZipDirectory.localHeaderGuess(entry) + entry.compressedSize();
    long start = entry.localHeaderOffset();
    long tailEnd = tail.start() + tail.bytes().length;
    byte[] local;
    if (start >= tail.start()) {
      local = tail.copy(start, tailEnd - start); // the tail runs to the end of the file
    } else {
      Slice s = get(wheel, range(start, guess));
      if (s == null) {
        return null;
      }
      local = s.bytes();
    }
    byte[] data = ZipDirectory.data(entry, local);
    if (data == null) {
      long needed = ZipDirectory.neededLength(local) + entry.compressedSize();
      Slice s = get(wheel, range(start, needed));
      if (s == null) {
        return null;
      }
      data = ZipDirectory.data(entry, s.bytes());
      if (data == null) {
        throw new ZipFormatException("the METADATA entry runs past the end of the file");
      }
    }
    return data;
  }

  private static String range(long start, long length) {
    return "bytes=" + start + "-" + (start + length - 1);
  }

  /** The server ignored {@code Range} and sent the whole wheel, now in the download cache. */
  private static final class ServedWhole extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    ServedWhole(Path file) {
      super("served whole");
      this.file = file;
    }
  }

  /**
   * GETs a range; null if the answer cannot be placed in the file.
   *
   * @throws ServedWhole if the server answered with the whole file: it is kept rather than
   *     downloaded a second time
   */
  private Slice get(DistributionFile wheel, String range) throws IOException {
    rangeRequests.incrementAndGet();
    try (HttpTransport.Response response =
        transport.get(wheel.url(), Map.of("Range", range, "Accept-Encoding", "identity"))) {
      if (response.statusCode() == 200) {
        fullDownloads.incrementAndGet();
        throw new ServedWhole(store(wheel, response));
      }
      if (response.statusCode() != 206) {
        response.requireSuccess("wheel " + wheel.filename() + ":");
        return null;
      }
      Matcher m = CONTENT_RANGE.matcher(response.header("Content-Range").orElse(""));
      if (!m.find()) {
        return null; // a 206 we cannot place: treat as no range support
      }
      byte[] bytes = response.readAllBytes();
      rangeBytes.addAndGet(bytes.length);
      long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
      if (total >= 0) {
        sizes.put(wheel.url(), total);
      }
      return new Slice(Long.parseLong(m.group(1)), bytes, total);
    }
  }

  // ------------------------------------------------------------------ full download

  private Path downloadWhole(DistributionFile wheel) throws IOException {
    fullDownloads.incrementAndGet();
    if (wheel.sha256().isPresent()) {
      return downloads.fetch(wheel.url(), wheel.sha256().get(), ProgressListener.NONE);
    }
    try (HttpTransport.Response response = transport.get(wheel.url(), Map.of())) {
      response.requireSuccess("wheel " + wheel.filename() + ":");
      return store(wheel, response);
    }
  }

  /**
   * Puts a response body into the download cache: verified against the index's sha256 when it
   * gave one, else kept under the hash of what arrived.
   */
  private Path store(DistributionFile wheel, HttpTransport.Response response) throws IOException {
    Files.createDirectories(downloads.root());
    Path tmp = Files.createTempFile(downloads.root(), "wheel", ".part");
    try {
      MessageDigest digest = Sha256.newDigest();
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest);
          InputStream in = response.body()) {
        in.transferTo(out);
      }
      String actual = Sha256.hex(digest.digest());
      return downloads.fetch(tmp, wheel.sha256().orElse(actual), ProgressListener.NONE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
