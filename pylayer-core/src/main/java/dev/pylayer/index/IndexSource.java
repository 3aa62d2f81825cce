package dev.pylayer.index;

import dev.pylayer.fetch.Uris;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One place to look for distributions: a simple repository (PEP 503/691; http, https or
 * {@code file:}) or a find-links location (a local directory, a local file, or an HTML page of
 * links). {@link #toString()} is safe to print: credentials are redacted.
 */
public final class IndexSource {

  /** What kind of location a source is. */
  public enum Kind {
    /** A simple repository: {@code <location>/<project>/} is the project's page. */
    INDEX,
    /** A find-links location: every distribution file in it or linked from it. */
    FIND_LINKS
  }

  private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

  private final Kind kind;
  private final URI location;

  private IndexSource(Kind kind, URI location) {
    this.kind = kind;
    this.location = location;
  }

  /**
   * A simple repository at a URL ({@code https://pypi.org/simple}, {@code file:///opt/pypi/simple})
   * or local directory path. A trailing slash is added so project pages resolve below it.
   */
  public static IndexSource index(String urlOrPath, Path workingDir) {
    URI uri = toUri(urlOrPath, workingDir, null);
    String text = uri.toString();
    if (uri.getRawQuery() == null && uri.getRawFragment() == null && !text.endsWith("/")) {
      uri = URI.create(text + "/");
    }
    return new IndexSource(Kind.INDEX, uri);
  }

  /**
   * A find-links location: a URL of an HTML page, or a local directory or file, given as a path
   * (relative to {@code workingDir}, {@code ~} meaning {@code home}) or a {@code file:} URL.
   */
  public static IndexSource findLinks(String urlOrPath, Path workingDir, Path home) {
    return new IndexSource(Kind.FIND_LINKS, toUri(urlOrPath, workingDir, home));
  }

  public Kind kind() {
    return kind;
  }

  /** The location as configured, credentials included: use it for requests, never in messages. */
  public URI location() {
    return location;
  }

  /** Whether this source is on the local file system ({@code file:}). */
  public boolean isLocal() {
    return "file".equalsIgnoreCase(location.getScheme());
  }

  /** The location without credentials (for lock files and reports). */
  public URI publicLocation() {
    return Uris.withoutUserInfo(location);
  }

  private static URI toUri(String urlOrPath, Path workingDir, Path home) {
    Objects.requireNonNull(urlOrPath, "urlOrPath");
    String text = urlOrPath.trim();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("an index or find-links location must not be empty");
    }
    // "C:" style drive letters do not occur on the Linux build hosts this targets; one letter
    // followed by ':' is still treated as a path to be safe.
    if (URL_SCHEME.matcher(text).matches() && text.indexOf(':') > 1) {
      URI uri = Uris.parseLenient(text);
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
        throw new IllegalArgumentException(
            "'" + Uris.redact(uri) + "': unsupported URL scheme '" + scheme
                + "' for a package location (use http, https, file or a local path)");
      }
      return uri;
    }
    Path path;
    if (home != null && (text.equals("~") || text.startsWith("~/"))) {
      path = home.resolve(text.equals("~") ? "" : text.substring(2));
    } else {
      path = Path.of(text);
    }
    if (!path.isAbsolute()) {
      path = workingDir.resolve(path);
    }
    path = path.normalize();
    URI uri = path.toUri();
    if (Files.isDirectory(path) && !uri.toString().endsWith("/")) {
      uri = URI.create(uri + "/");
    }
    return uri;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexSource
        && ((IndexSource) o).kind == kind
        && ((IndexSource) o).location.equals(location);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, location);
  }

  /** {@code index https://***@host/simple/} or {@code find-links file:///opt/wheels/}. */
  @Override
  public String toString() {
    return (kind == Kind.INDEX ? "index " : "find-links ") + Uris.redact(location);
  }
}
