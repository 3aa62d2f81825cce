package dev.pylayer.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A real HTTP server on 127.0.0.1 for tests: handlers by exact path, every request recorded.
 * Unknown paths answer 404.
 */
public final class LocalHttpServer implements AutoCloseable {

  /** Handles one exchange. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  /** What a request looked like. */
  public static final class Request {
    public final String method;
    public final String path;
    public final Headers headers;

    Request(String method, String path, Headers headers) {
      this.method = method;
      this.path = path;
      this.headers = headers;
    }

    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getRawPath();
      Headers copy = new Headers();
      copy.putAll(exchange.getRequestHeaders());
      requests.add(new Request(exchange.getRequestMethod(), path, copy));
      Handler handler = handlers.get(path);
      try {
        if (handler == null) {
          send(exchange, 404, "text/plain", "not found");
        } else {
          handler.handle(exchange);
        }
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  public static LocalHttpServer start() throws IOException {
    return new LocalHttpServer();
  }

  /** Serves {@code path} with the handler (replacing any earlier one). */
  public LocalHttpServer on(String path, Handler handler) {
    handlers.put(path, handler);
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Requests for one path. */
  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path.equals(path)).collect(Collectors.toList());
  }

  /** Sends a complete response. */
  public static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a complete response. */
  public static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** A redirect to {@code location}. */
  public static Handler redirect(int status, String location) {
    return exchange -> {
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(status, -1);
    };
  }

  /** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
  public static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
