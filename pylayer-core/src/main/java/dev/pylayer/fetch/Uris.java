package dev.pylayer.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * URI helpers shared by the download cache and the index client: credential redaction for
 * messages, stripping userinfo before a request leaves the machine, and a lenient parser for the
 * hrefs that real index pages contain.
 */
public final class Uris {

  private static final String HEX = "0123456789ABCDEF";

  private Uris() {}

  /**
   * The URI as text safe for messages and logs: any userinfo becomes {@code ***}
   * ({@code https://***@host/simple/}). Never put a raw URI into an error message; put this.
   */
  public static String redact(URI uri) {
    if (uri == null) {
      return "null";
    }
    String rawUserInfo = uri.getRawUserInfo();
    if (rawUserInfo == null) {
      return uri.toString();
    }
    String text = uri.toString();
    int at = text.indexOf(rawUserInfo + "@");
    if (at < 0) {
      return withoutUserInfo(uri).toString();
    }
    return text.substring(0, at) + "***" + text.substring(at + rawUserInfo.length());
  }

  /** The same URI without {@code user:password@}; the URI itself if it has none. */
  public static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    StringBuilder b = new StringBuilder();
    b.append(uri.getScheme()).append("://").append(hostAndPort(uri));
    appendPathQueryFragment(b, uri);
    return URI.create(b.toString());
  }

  /** The same URI without its {@code #fragment}. */
  public static URI withoutFragment(URI uri) {
    if (uri.getRawFragment() == null) {
      return uri;
    }
    String text = uri.toString();
    return URI.create(text.substring(0, text.lastIndexOf('#')));
  }

  /** The percent-decoded userinfo ({@code user:password}) of the URI, if it has one. */
  public static Optional<String> userInfo(URI uri) {
    return Optional.ofNullable(uri.getUserInfo());
  }

  /**
   * The origin of a URI for credential lookups: lower-case host and explicit or default port,
   * e.g. {@code pypi.example.com:443}. Null for URIs without a host (file URIs).
   */
  public static String origin(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return null;
    }
    int port = uri.getPort();
    if (port < 0) {
      port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }
    return host.toLowerCase(java.util.Locale.ROOT) + ":" + port;
  }

  /**
   * The last path segment, percent-decoded: the filename of a distribution URL
   * ({@code .../openai-1.0-py3-none-any.whl#sha256=...} gives {@code openai-1.0-py3-none-any.whl}).
   */
  public static String lastSegment(URI uri) {
    String path = uri.getRawPath();
    if (path == null) {
      path = uri.getRawSchemeSpecificPart();
    }
    if (path == null) {
      return "";
    }
    int slash = path.lastIndexOf('/');
    String raw = slash >= 0 ? path.substring(slash + 1) : path;
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * Parses an href as found in the wild: characters that URIs do not allow (spaces, non-ASCII,
   * {@code |}) are percent-encoded first, existing {@code %XX} escapes are kept, as browsers and
   * pip do.
   *
   * @throws IllegalArgumentException if the text cannot be made into a URI even so
   */
  public static URI parseLenient(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      try {
        return new URI(escapeIllegal(text));
      } catch (URISyntaxException again) {
        throw new IllegalArgumentException("'" + text + "' is not a valid URL: " + again.getReason(),
            again);
      }
    }
  }

  private static String escapeIllegal(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    int hashes = 0;
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean keep;
      if (c == '%') {
        keep = i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
      } else if (c == '#') {
        keep = hashes++ == 0;
      } else {
        keep = c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0;
      }
      if (keep) {
        b.append((char) c);
      } else {
        b.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
      }
    }
    return b.toString();
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  private static String hostAndPort(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      String authority = uri.getRawAuthority();
      return authority.substring(authority.lastIndexOf('@') + 1);
    }
    return uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
  }

  private static void appendPathQueryFragment(StringBuilder b, URI uri) {
    if (uri.getRawPath() != null) {
      b.append(uri.getRawPath());
    }
    if (uri.getRawQuery() != null) {
      b.append('?').append(uri.getRawQuery());
    }
    if (uri.getRawFragment() != null) {
      b.append('#').append(uri.getRawFragment());
    }
  }
}
