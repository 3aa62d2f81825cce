package dev.pylayer.fetch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where HTTP Basic credentials come from, in pip's order: the userinfo of the request URL, then
 * userinfo seen earlier on any URL of the same host and port (so files linked from an index page
 * with {@code user:pass@} in its URL get the same login, as pip's MultiDomainBasicAuth does), then
 * the netrc entry for the host. Thread-safe.
 */
public final class Credentials {

  private final Netrc netrc;
  private final Map<String, String> byOrigin = new ConcurrentHashMap<>();

  private Credentials(Netrc netrc) {
    this.netrc = netrc;
  }

  /** Credentials from URL userinfo only. */
  public static Credentials none() {
    return new Credentials(Netrc.empty());
  }

  /** Credentials from URL userinfo, then the given netrc. */
  public static Credentials withNetrc(Netrc netrc) {
    return new Credentials(netrc);
  }

  /**
   * Remembers the userinfo of a URL (an index URL from configuration, say) for its host and
   * port. URLs without userinfo are ignored.
   */
  public void remember(URI uri) {
    String userInfo = uri.getUserInfo();
    String origin = Uris.origin(uri);
    if (userInfo != null && origin != null) {
      byOrigin.put(origin, userInfo);
    }
  }

  /** The {@code Authorization} header value for a request to this URL, if any login applies. */
  public Optional<String> authorizationFor(URI uri) {
    String userInfo = uri.getUserInfo();
    if (userInfo == null) {
      String origin = Uris.origin(uri);
      userInfo = origin == null ? null : byOrigin.get(origin);
    }
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      return Optional.of(colon < 0
          ? basic(userInfo, "")
          : basic(userInfo.substring(0, colon), userInfo.substring(colon + 1)));
    }
    return netrc.forHost(uri.getHost()).map(login -> basic(login.user(), login.password()));
  }

  private static String basic(String user, String password) {
    String pair = user + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
