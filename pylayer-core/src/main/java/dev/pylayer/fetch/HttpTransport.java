package dev.pylayer.fetch;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLHandshakeException;

/**
 * The one HTTP component of pylayer: GET requests over {@link HttpClient} with the behaviour
 * pip users expect. It follows redirects itself (so a login never leaks to another host), sends
 * Basic credentials from {@link Credentials}, retries 5xx, 429 and connection failures with
 * backoff, and fails stalled bodies after the read timeout. Thread-safe; share one per run.
 */
public final class HttpTransport {

  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pylayer-http-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final HttpSettings settings;
  private final HttpClient client;

  private HttpTransport(HttpSettings settings) {
    this.settings = settings;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    if (settings.sslContext() != null) {
      builder.sslContext(settings.sslContext());
    }
    this.client = builder.build();
  }

  /** A transport with the given settings. */
  public static HttpTransport create(HttpSettings settings) {
    return new HttpTransport(settings);
  }

  /** The settings this transport runs with. */
  public HttpSettings settings() {
    return settings;
  }

  /**
   * GETs a URL, following redirects and retrying as the settings say. Any status comes back as a
   * response (a 404 is an answer, not an error); call {@link Response#requireSuccess} to turn
   * errors into exceptions. The caller must close the response.
   *
   * @param uri an http or https URL, possibly with {@code user:password@}
   * @param headers extra request headers (Accept, Range, ...)
   * @throws HostUnreachableException if the host could not be reached on any attempt
   * @throws IOException on other transport failures, with the redacted URL in the message
   */
  public Response get(URI uri, Map<String, String> headers) throws IOException {
    requireHttp(uri);
    settings.credentials().remember(uri);
    URI current = uri;
    for (int hop = 0; ; hop++) {
      Response response = sendWithRetries(current, headers);
      int status = response.statusCode();
      Optional<String> location = response.header("Location");
      if (!isRedirect(status) || location.isEmpty()) {
        return response;
      }
      response.close();
      if (hop >= settings.maxRedirects()) {
        throw new IOException(
            "GET " + Uris.redact(uri) + ": more than " + settings.maxRedirects()
                + " redirects (last to " + Uris.redact(current) + ")");
      }
      URI next = Uris.withoutFragment(current.resolve(Uris.parseLenient(location.get())));
      requireHttp(next);
      current = next;
    }
  }

  private Response sendWithRetries(URI uri, Map<String, String> headers) throws IOException {
    URI target = Uris.withoutUserInfo(uri);
    Optional<String> authorization = settings.credentials().authorizationFor(uri);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .GET()
            .timeout(settings.requestTimeout())
            .header("User-Agent", settings.userAgent());
    if ("http".equalsIgnoreCase(target.getScheme())) {
      // Plain-http HTTP/2 would try an h2c upgrade that some proxies and mirrors mishandle.
      request.version(HttpClient.Version.HTTP_1_1);
    }
    authorization.ifPresent(value -> request.header("Authorization", value));
    headers.forEach(request::header);
    HttpRequest built = request.build();

    IOException lastFailure = null;
    for (int attempt = 0; ; attempt++) {
      boolean lastAttempt = attempt >= settings.retries();
      try {
        HttpResponse<InputStream> response =
            client.send(built, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (isRetryableStatus(status) && !lastAttempt) {
          Duration retryAfter = retryAfter(response.headers());
          response.body().close();
          pause(attempt, retryAfter);
          continue;
        }
        return new Response(response, target, authorization.isPresent());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("GET " + Uris.redact(uri) + " interrupted");
      } catch (SSLHandshakeException e) {
        throw new IOException(
            "GET " + Uris.redact(uri) + ": TLS handshake failed (" + e.getMessage()
                + "); if the server uses a private CA, configure its certificate",
            e);
      } catch (IOException e) {
        lastFailure = e;
        if (lastAttempt) {
          break;
        }
        pause(attempt, Duration.ZERO);
      }
    }
    String attempts = (settings.retries() + 1) + " attempt" + (settings.retries() == 0 ? "" : "s");
    if (isUnreachable(lastFailure)) {
      String host = target.getPort() >= 0 ? target.getHost() + ":" + target.getPort()
          : target.getHost();
      throw new HostUnreachableException(
          host,
          "GET " + Uris.redact(uri) + ": cannot reach " + host + " (" + describe(lastFailure)
              + ") after " + attempts,
          lastFailure);
    }
    throw new IOException(
        "GET " + Uris.redact(uri) + " failed after " + attempts + ": " + describe(lastFailure),
        lastFailure);
  }

  private void pause(int retry, Duration retryAfter) throws InterruptedIOException {
    Duration delay = settings.backoff().delayBefore(retry);
    if (retryAfter.compareTo(delay) > 0) {
      delay = retryAfter.compareTo(settings.maxRetryAfter()) > 0
          ? settings.maxRetryAfter() : retryAfter;
    }
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }

  private static Duration retryAfter(HttpHeaders headers) {
    Optional<String> value = headers.firstValue("Retry-After");
    if (value.isPresent()) {
      try {
        return Duration.ofSeconds(Long.parseLong(value.get().trim()));
      } catch (NumberFormatException e) {
        // An HTTP-date: rare from package indexes; the normal backoff applies.
      }
    }
    return Duration.ZERO;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean isRetryableStatus(int status) {
    return status == 429 || (status >= 500 && status != 501 && status != 505);
  }

  /** Whether the failure means the host could not be reached at all (as opposed to a bad reply). */
  static boolean isUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof UnresolvedAddressException
          || t instanceof HttpConnectTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** A short reason for a failure, e.g. "unknown host" or "connection refused". */
  private static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
      if (t instanceof HttpConnectTimeoutException) {
        return "connect timed out";
      }
      if (t.getCause() == t) {
        break;
      }
    }
    StringBuilder b = new StringBuilder();
    for (Throwable t = failure; t != null && b.length() < 300; t = t.getCause()) {
      String part = t.getMessage() != null ? t.getMessage()
          : t instanceof ConnectException ? "connection refused" : t.getClass().getSimpleName();
      if (b.indexOf(part) < 0) {
        b.append(b.length() > 0 ? ": " : "").append(part);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return b.toString();
  }

  private static void requireHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "'" + Uris.redact(uri) + "' is not an http(s) URL");
    }
  }

  /** An HTTP response whose body is still to be read. Close it when done. */
  public final class Response implements Closeable {
    private final HttpResponse<InputStream> response;
    private final URI uri;
    private final boolean sentCredentials;
    private InputStream body;

    private Response(HttpResponse<InputStream> response, URI uri, boolean sentCredentials) {
      this.response = response;
      this.uri = uri;
      this.sentCredentials = sentCredentials;
    }

    public int statusCode() {
      return response.statusCode();
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
      return statusCode() / 100 == 2;
    }

    /** The URL that answered, after redirects, without credentials: the base for relative links. */
    public URI uri() {
      return uri;
    }

    public HttpHeaders headers() {
      return response.headers();
    }

    public Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }

    /** The Content-Length, if the server sent one. */
    public OptionalLong contentLength() {
      return response.headers().firstValueAsLong("Content-Length");
    }

    /**
     * The body stream, gunzipped if the server sent {@code Content-Encoding: gzip} (ask for it
     * with {@code Accept-Encoding: gzip}), failing if it stalls longer than the read timeout.
     */
    public synchronized InputStream body() throws IOException {
      if (body == null) {
        InputStream raw = new IdleTimeoutInputStream(
            response.body(), settings.readTimeout(), "GET " + Uris.redact(uri), WATCHDOG);
        String encoding = header("Content-Encoding").orElse("").trim();
        body = encoding.equalsIgnoreCase("gzip") ? new GZIPInputStream(raw, 64 * 1024) : raw;
      }
      return body;
    }

    /** Reads the whole (decoded) body and closes the response. */
    public byte[] readAllBytes() throws IOException {
      try (InputStream in = body()) {
        return in.readAllBytes();
      }
    }

    /**
     * Returns this response if it is 2xx, else closes it and throws an exception naming what was
     * being fetched, the redacted URL, the status and what to do about it.
     */
    public Response requireSuccess(String what) throws HttpStatusException {
      if (isSuccess()) {
        return this;
      }
      close();
      throw toException(what);
    }

    /** The error this (non-2xx) response stands for. */
    public HttpStatusException toException(String what) {
      int status = statusCode();
      String url = Uris.redact(uri);
      String prefix = what + " " + url + ": HTTP " + status;
      String message;
      switch (status) {
        case 401:
          message = prefix + " Unauthorized: " + (sentCredentials
              ? "the server rejected the login; check the user and password in the URL or"
                  + " in ~/.netrc"
              : "the server needs a login; put user:password@ into the URL or add"
                  + " 'machine " + uri.getHost() + " login USER password PASS' to ~/.netrc");
          break;
        case 403:
          message = prefix + " Forbidden: the login lacks access to this resource";
          break;
        case 404:
          message = prefix + " Not Found";
          break;
        case 429:
          message = prefix + " Too Many Requests, still after "
              + (settings.retries() + 1) + " attempts; try again later";
          break;
        default:
          message = status >= 500
              ? prefix + " (server error, still after " + (settings.retries() + 1)
                  + " attempts); try again later"
              : prefix;
      }
      return new HttpStatusException(status, url, message);
    }

    @Override
    public void close() {
      try {
        if (body != null) {
          body.close();
        } else {
          response.body().close();
        }
      } catch (IOException ignored) {
        // Closing a response body only releases the connection; nothing to report.
      }
    }
  }
}
