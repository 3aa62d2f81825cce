package dev.pylayer.maven;

import java.util.HashMap;
import java.util.Map;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;

/**
 * Maven's network settings for the length of one goal, as the JDK's proxy properties: core's HTTP
 * client uses the JDK's default proxy selector, which reads them. Active proxies of settings.xml
 * become {@code http(s).proxyHost/Port}; in offline mode ({@code -o}) every remote connection
 * goes to a closed port of 127.0.0.1 and fails at once, so nothing leaves the machine and the
 * build runs only from the download cache (127.0.0.1 and localhost stay direct, the JDK's
 * default non-proxy hosts). Properties the user set on the command line win (but not offline);
 * the previous values are restored afterwards.
 */
final class MavenProxies implements AutoCloseable {

  private final Map<String, String> previous = new HashMap<>();

  private MavenProxies() {}

  static MavenProxies apply(Settings settings, boolean offline, Log log) {
    MavenProxies proxies = new MavenProxies();
    if (offline) {
      int closedPort = closedPort();
      for (String scheme : new String[] {"http", "https"}) {
        proxies.force(scheme + ".proxyHost", "127.0.0.1");
        proxies.force(scheme + ".proxyPort", Integer.toString(closedPort));
      }
      proxies.force("http.nonProxyHosts", "localhost|127.*|[::1]");
      log.info("pylayer: offline (-o): no download leaves this machine; the interpreter and"
          + " wheels must be in the cache (an earlier online build) or on local paths");
      return proxies;
    }
    if (settings == null) {
      return proxies;
    }
    for (Proxy proxy : settings.getProxies()) {
      if (!proxy.isActive()) {
        continue;
      }
      String protocol = proxy.getProtocol() == null ? "http" : proxy.getProtocol().toLowerCase();
      for (String scheme : protocol.equals("https") ? new String[] {"https"}
          : new String[] {"http", "https"}) {
        proxies.set(scheme + ".proxyHost", proxy.getHost());
        proxies.set(scheme + ".proxyPort", Integer.toString(proxy.getPort()));
      }
      if (proxy.getNonProxyHosts() != null) {
        proxies.set("http.nonProxyHosts", proxy.getNonProxyHosts());
      }
      if (proxy.getUsername() != null) {
        log.warn("proxy " + proxy.getId() + " has a username: pylayer's downloads go through it"
            + " without proxy authentication");
      }
      log.debug("pylayer downloads use proxy " + proxy.getId() + " (" + proxy.getHost() + ":"
          + proxy.getPort() + ")");
    }
    return proxies;
  }

  private static int closedPort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort(); // closed again at once: connections there are refused
    } catch (java.io.IOException e) {
      return 9; // discard: not listening on a build machine
    }
  }

  private void force(String key, String value) {
    previous.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  private void set(String key, String value) {
    if (System.getProperty(key) != null && !previous.containsKey(key)) {
      return; // given on the command line (-Dhttps.proxyHost=...): it wins
    }
    previous.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  @Override
  public void close() {
    previous.forEach((key, value) -> {
      if (value == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, value);
      }
    });
  }
}
