package dev.pylayer.index;

import dev.pylayer.fetch.Credentials;
import dev.pylayer.fetch.HostUnreachableException;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.fetch.Netrc;
import dev.pylayer.fetch.TlsTrust;
import dev.pylayer.fetch.Uris;
import dev.pylayer.pep.PackageName;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists a project's distribution files across simple repositories (PEP 503 HTML and PEP 691
 * JSON, over http, https or {@code file:}) and find-links locations, the way pip searches them.
 *
 * <p>Pages are cached in memory for the life of the client (one run); concurrent lookups of the
 * same project share one fetch. A host that cannot be reached at all is reported once through
 * the {@link IndexListener} and skipped for the rest of the run, so an unreachable default index
 * (pypi.org on an offline machine) costs one failed connection, not one per package. A missing
 * project (404) is an empty answer; other HTTP errors fail the lookup. Thread-safe.
 */
public final class IndexClient {

  private static final Pattern CHARSET =
      Pattern.compile(";\\s*charset=\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE);
  private static final List<String> METADATA_HASH_PREFERENCE =
      List.of("sha256", "sha512", "sha384", "sha224", "sha1", "md5");
  private static final Map<String, String> DIGEST_NAMES = Map.of(
      "sha256", "SHA-256", "sha512", "SHA-512", "sha384", "SHA-384", "sha224", "SHA-224",
      "sha1", "SHA-1", "md5", "MD5");

  private final List<IndexSource> sources;
  private final HttpTransport transport;
  private final IndexListener listener;
  private final Map<PackageName, CompletableFuture<ProjectFiles>> projects =
      new ConcurrentHashMap<>();
  private final Map<IndexSource, CompletableFuture<List<DistributionFile>>> findLinks =
      new ConcurrentHashMap<>();
  private final Map<IndexSource, Map<String, Path>> localProjectDirs = new ConcurrentHashMap<>();
  private final Set<String> deadHosts = ConcurrentHashMap.newKeySet();
  private final Set<String> warnings = ConcurrentHashMap.newKeySet();

  private IndexClient(List<IndexSource> sources, HttpTransport transport, IndexListener listener) {
    this.sources = List.copyOf(sources);
    this.transport = transport;
    this.listener = listener;
    for (IndexSource source : this.sources) {
      // Files linked from an index with user:pass@ in its URL need the same login.
      if (!source.isLocal()) {
        transport.settings().credentials().remember(source.location());
      }
    }
  }

  /** A client searching the sources in order. */
  public static IndexClient create(
      List<IndexSource> sources, HttpTransport transport, IndexListener listener) {
    return new IndexClient(
        Objects.requireNonNull(sources, "sources"),
        Objects.requireNonNull(transport, "transport"),
        Objects.requireNonNull(listener, "listener"));
  }

  /**
   * A client configured as pip would be in this environment: {@code explicit} settings over the
   * PIP_* variables over pip.conf ({@link PipConfiguration}), credentials from URL userinfo and
   * netrc, pip's {@code timeout} and {@code cert} (CA bundle) options if set.
   *
   * @param env environment variables (pass {@link System#getenv()} for the real ones)
   * @param home the home directory (pip.conf, ~/.netrc, {@code ~} in find-links)
   * @param workingDir what relative find-links paths are relative to
   */
  public static IndexClient forEnvironment(
      IndexSettings explicit,
      Map<String, String> env,
      Path home,
      Path workingDir,
      IndexListener listener) throws IOException {
    PipConfiguration pip = PipConfiguration.load(env, home);
    IndexSettings settings = explicit.overriding(pip.indexSettings());
    HttpSettings.Builder http = HttpSettings.builder();
    try {
      http.credentials(Credentials.withNetrc(Netrc.load(env, home)));
    } catch (IOException e) {
      // requests (and so pip) ignores a netrc it cannot parse; say so instead of failing.
      listener.warn(e.getMessage() + "; logins from netrc are not used");
    }
    // pip's --timeout is also spelled --default-timeout (PIP_DEFAULT_TIMEOUT).
    String timeoutKey = pip.get("timeout").isPresent() ? "timeout" : "default-timeout";
    pip.get(timeoutKey).ifPresent(value -> {
      try {
        double seconds = Double.parseDouble(value.strip());
        if (seconds > 0) {
          http.timeout(Duration.ofMillis((long) (seconds * 1000)));
        }
      } catch (NumberFormatException e) {
        listener.warn("pip option " + timeoutKey + "='" + value + "' ("
            + pip.origin(timeoutKey).orElse("")
            + ") is not a number of seconds; using the default");
      }
    });
    Optional<String> cert = pip.get("cert");
    if (cert.isPresent()) {
      http.sslContext(TlsTrust.fromPemBundle(workingDir.resolve(cert.get().strip())));
    }
    return create(settings.sources(workingDir, home), HttpTransport.create(http.build()), listener);
  }

  /** The sources searched, in order. */
  public List<IndexSource> sources() {
    return sources;
  }

  /** The HTTP transport, to share with a {@code DownloadCache}. */
  public HttpTransport transport() {
    return transport;
  }

  /**
   * Every distribution file of the project in all sources, in source order, identical URLs once.
   * Sources whose host is unreachable are skipped (see {@link ProjectFiles#unreachable()}).
   *
   * @throws IOException if a source answers with an error other than "not found", or serves a
   *     page that cannot be read
   */
  public ProjectFiles files(PackageName project) throws IOException {
    Objects.requireNonNull(project, "project");
    CompletableFuture<ProjectFiles> mine = new CompletableFuture<>();
    CompletableFuture<ProjectFiles> existing = projects.putIfAbsent(project, mine);
    if (existing != null) {
      return await(existing, "files of " + project);
    }
    try {
      ProjectFiles result = lookUp(project);
      mine.complete(result);
      return result;
    } catch (IOException | RuntimeException e) {
      projects.remove(project, mine); // a later call may try again
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private ProjectFiles lookUp(PackageName project) throws IOException {
    Map<URI, DistributionFile> files = new LinkedHashMap<>();
    List<IndexSource> searched = new ArrayList<>();
    List<IndexSource> unreachable = new ArrayList<>();
    for (IndexSource source : sources) {
      String host = source.isLocal() ? null : Uris.origin(source.location());
      if (host != null && deadHosts.contains(host)) {
        unreachable.add(source);
        continue;
      }
      List<DistributionFile> found;
      try {
        found = source.kind() == IndexSource.Kind.INDEX
            ? projectPage(source, project)
            : findLinksFiles(source, project);
      } catch (HostUnreachableException e) {
        if (deadHosts.add(host)) {
          listener.warn(source + " is unreachable (" + e.getMessage()
              + "); skipping it for the rest of this run");
        }
        unreachable.add(source);
        continue;
      }
      searched.add(source);
      for (DistributionFile file : found) {
        files.putIfAbsent(file.url(), file);
      }
    }
    return new ProjectFiles(project, new ArrayList<>(files.values()), searched, unreachable);
  }

  // ---------------------------------------------------------------- simple repositories

  private List<DistributionFile> projectPage(IndexSource source, PackageName project)
      throws IOException {
    if (source.isLocal()) {
      return localProjectPage(source, project);
    }
    URI page = URI.create(source.location() + project.value() + "/");
    Map<String, String> headers = Map.of("Accept", SimplePages.ACCEPT, "Accept-Encoding", "gzip");
    try (HttpTransport.Response response = transport.get(page, headers)) {
      if (response.statusCode() == 404 || response.statusCode() == 410) {
        return List.of(); // not on this index
      }
      response.requireSuccess("project page of " + project + ":");
      byte[] body = response.readAllBytes();
      return parsePage(body, response.header("Content-Type").orElse(""), response.uri(), source);
    }
  }

  private List<DistributionFile> localProjectPage(IndexSource source, PackageName project)
      throws IOException {
    Path root = Path.of(source.location());
    if (!Files.isDirectory(root)) {
      throw new IndexException(source + ": no such directory; fix the index URL or drop it");
    }
    Path dir = root.resolve(project.value());
    if (!Files.isDirectory(dir)) {
      // Mirrors written by hand may use the project's original spelling (Django/, zope.interface/).
      dir = localProjectDirs.computeIfAbsent(source, s -> listProjectDirs(root)).get(project.value());
      if (dir == null) {
        return List.of();
      }
    }
    Path json = dir.resolve("index.json");
    if (Files.isRegularFile(json)) {
      return SimplePages.parseJson(Files.readAllBytes(json), json.toUri(), source);
    }
    Path html = dir.resolve("index.html");
    if (Files.isRegularFile(html)) {
      return SimplePages.parseHtml(Files.readString(html, StandardCharsets.UTF_8), html.toUri(),
          source);
    }
    return List.of();
  }

  private static Map<String, Path> listProjectDirs(Path root) {
    Map<String, Path> dirs = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path entry : entries) {
        dirs.putIfAbsent(PackageName.normalize(entry.getFileName().toString()), entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dirs;
  }

  private static List<DistributionFile> parsePage(
      byte[] body, String contentType, URI pageUrl, IndexSource source) throws IOException {
    if (SimplePages.isJson(contentType, body)) {
      return SimplePages.parseJson(body, pageUrl, source);
    }
    String type = SimplePages.mediaType(contentType);
    if (!type.isEmpty() && !type.contains("html") && !type.equals("text/plain")
        && !type.equals("application/octet-stream")) {
      throw new IndexException(Uris.redact(pageUrl) + ": Content-Type '" + contentType
          + "' is neither a PEP 691 JSON nor an HTML page; is this a simple repository URL?");
    }
    return SimplePages.parseHtml(new String(body, charset(contentType)), pageUrl, source);
  }

  private static Charset charset(String contentType) {
    Matcher m = CHARSET.matcher(contentType);
    if (m.find()) {
      try {
        return Charset.forName(m.group(1));
      } catch (IllegalArgumentException e) {
        // An unknown charset name: UTF-8 is what index pages use anyway.
      }
    }
    return StandardCharsets.UTF_8;
  }

  // ---------------------------------------------------------------- find-links

  private List<DistributionFile> findLinksFiles(IndexSource source, PackageName project)
      throws IOException {
    CompletableFuture<List<DistributionFile>> mine = new CompletableFuture<>();
    CompletableFuture<List<DistributionFile>> existing = findLinks.putIfAbsent(source, mine);
    List<DistributionFile> all;
    if (existing != null) {
      all = await(existing, source.toString());
    } else {
      try {
        all = readFindLinks(source);
        mine.complete(all);
      } catch (IOException | RuntimeException e) {
        findLinks.remove(source, mine);
        mine.completeExceptionally(e);
        throw e;
      }
    }
    List<DistributionFile> matching = new ArrayList<>();
    for (DistributionFile file : all) {
      if (DistributionFilenames.belongsTo(file.filename(), project)) {
        matching.add(file);
      }
    }
    return matching;
  }

  private List<DistributionFile> readFindLinks(IndexSource source) throws IOException {
    if (!source.isLocal()) {
      Map<String, String> headers = Map.of("Accept", "text/html", "Accept-Encoding", "gzip");
      try (HttpTransport.Response response = transport.get(source.location(), headers)) {
        if (!response.isSuccess()) {
          warnOnce(source + " answered HTTP " + response.statusCode() + "; ignoring it");
          return List.of();
        }
        byte[] body = response.readAllBytes();
        return parsePage(body, response.header("Content-Type").orElse(""), response.uri(), source);
      }
    }
    Path path = Path.of(source.location());
    if (Files.isDirectory(path)) {
      List<DistributionFile> files = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (DistributionFilenames.isDistribution(name) && Files.isRegularFile(entry)) {
            files.add(localFile(entry, source));
          }
        }
      }
      // Directory order is arbitrary; sorting keeps results (and so locks) reproducible.
      files.sort(Comparator.comparing(DistributionFile::filename));
      return files;
    }
    if (Files.isRegularFile(path)) {
      String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".html") || name.endsWith(".htm")) {
        return SimplePages.parseHtml(Files.readString(path, StandardCharsets.UTF_8), path.toUri(),
            source);
      }
      if (DistributionFilenames.isDistribution(name)) {
        return List.of(localFile(path, source));
      }
    }
    warnOnce(source + " is neither a directory nor a distribution or HTML file; ignoring it");
    return List.of();
  }

  private static DistributionFile localFile(Path file, IndexSource source) throws IOException {
    return DistributionFile.builder()
        .filename(file.getFileName().toString())
        .url(file.toAbsolutePath().toUri())
        .size(Files.size(file))
        .source(source)
        .build();
  }

  // ---------------------------------------------------------------- core metadata

  /**
   * The core metadata ({@code METADATA}) of a file from {@code <url>.metadata} (PEP 658),
   * verified against the hash the index gave for it, if any.
   *
   * @throws IndexException if the index does not serve metadata for this file, or the metadata
   *     does not match its hash
   */
  public byte[] coreMetadata(DistributionFile file) throws IOException {
    if (!file.coreMetadataAvailable()) {
      throw new IndexException(file.filename() + ": " + file.source()
          + " does not serve its core metadata (PEP 658); read METADATA from the file itself");
    }
    URI url = URI.create(file.url() + ".metadata");
    byte[] bytes;
    if ("file".equalsIgnoreCase(url.getScheme())) {
      try {
        bytes = Files.readAllBytes(Path.of(url));
      } catch (NoSuchFileException e) {
        throw new IndexException(file.filename() + ": " + file.source() + " advertises core"
            + " metadata but " + url + " does not exist", e);
      }
    } else {
      try (HttpTransport.Response response =
          transport.get(url, Map.of("Accept-Encoding", "gzip"))) {
        response.requireSuccess("core metadata of " + file.filename() + ":");
        bytes = response.readAllBytes();
      }
    }
    verifyMetadata(file, url, bytes);
    return bytes;
  }

  private static void verifyMetadata(DistributionFile file, URI url, byte[] bytes)
      throws IndexException {
    for (String algorithm : METADATA_HASH_PREFERENCE) {
      String expected = file.coreMetadataHashes().get(algorithm);
      if (expected == null) {
        continue;
      }
      String actual;
      try {
        actual = hex(MessageDigest.getInstance(DIGEST_NAMES.get(algorithm)).digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        continue;
      }
      if (!actual.equals(expected)) {
        throw new IndexException("core metadata of " + file.filename() + " (" + Uris.redact(url)
            + "): " + algorithm + " mismatch: the index page says " + expected + " but the file"
            + " has " + actual + "; the index is inconsistent, try again later or report it");
      }
      return; // the strongest available hash matched
    }
  }

  private static String hex(byte[] digest) {
    StringBuilder b = new StringBuilder(digest.length * 2);
    for (byte x : digest) {
      b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- helpers

  private void warnOnce(String message) {
    if (warnings.add(message)) {
      listener.warn(message);
    }
  }

  private static <T> T await(CompletableFuture<T> future, String what) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for " + what);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HostUnreachableException) {
        HostUnreachableException h = (HostUnreachableException) cause;
        throw new HostUnreachableException(h.host(), h.getMessage(), h);
      }
      if (cause instanceof IOException) {
        throw new IndexException(cause.getMessage(), cause);
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IndexException(what + ": " + cause, cause);
    }
  }
}
