package dev.pylayer.fetch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * HTTP behaviour shared by the index client and the download cache: timeouts, retries,
 * redirects, credentials and TLS. Immutable; build with {@link #builder()}.
 */
public final class HttpSettings {

  /** pip's default socket timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration readTimeout;
  private final int retries;
  private final RetryBackoff backoff;
  private final Duration maxRetryAfter;
  private final int maxRedirects;
  private final String userAgent;
  private final Credentials credentials;
  private final SSLContext sslContext;

  private HttpSettings(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.readTimeout = b.readTimeout;
    this.retries = b.retries;
    this.backoff = b.backoff;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxRedirects = b.maxRedirects;
    this.userAgent = b.userAgent;
    this.credentials = b.credentials;
    this.sslContext = b.sslContext;
  }

  /** Defaults: 15 s timeouts, 3 retries at 0.2 s·2^n, 10 redirects, URL userinfo only. */
  public static HttpSettings defaults() {
    return builder().build();
  }

  /**
   * Defaults plus the netrc file the environment points to ({@code $NETRC}, {@code ~/.netrc}).
   *
   * @throws IOException if that netrc file cannot be read
   */
  public static HttpSettings fromEnvironment(Map<String, String> env, Path home)
      throws IOException {
    return builder().credentials(Credentials.withNetrc(Netrc.load(env, home))).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.readTimeout = readTimeout;
    b.retries = retries;
    b.backoff = backoff;
    b.maxRetryAfter = maxRetryAfter;
    b.maxRedirects = maxRedirects;
    b.userAgent = userAgent;
    b.credentials = credentials;
    b.sslContext = sslContext;
    return b;
  }

  /** Time allowed to open a connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Time allowed from sending a request to receiving the response headers. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Time a response body may go without delivering a byte before the read fails. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** Retries after the first attempt, on 5xx, 429 and connection errors. */
  public int retries() {
    return retries;
  }

  /** The pause before each retry. */
  public RetryBackoff backoff() {
    return backoff;
  }

  /** The longest {@code Retry-After} a server may ask for; longer asks are cut to this. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** Redirects followed before a request fails. */
  public int maxRedirects() {
    return maxRedirects;
  }

  /** The User-Agent header sent with every request. */
  public String userAgent() {
    return userAgent;
  }

  /** Where Basic logins come from (URL userinfo, remembered logins, netrc). */
  public Credentials credentials() {
    return credentials;
  }

  /** The TLS context, or null for the JDK default. */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** Builder for {@link HttpSettings}. */
  public static final class Builder {
    private Duration connectTimeout = DEFAULT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_TIMEOUT;
    private Duration readTimeout = DEFAULT_TIMEOUT;
    private int retries = 3;
    private RetryBackoff backoff = RetryBackoff.exponential(Duration.ofMillis(200));
    private Duration maxRetryAfter = Duration.ofSeconds(30);
    private int maxRedirects = 10;
    private String userAgent = "pylayer/0.1";
    private Credentials credentials = Credentials.none();
    private SSLContext sslContext;

    private Builder() {}

    /** Sets connect, request and read timeouts at once (pip's single {@code --timeout}). */
    public Builder timeout(Duration timeout) {
      return connectTimeout(timeout).requestTimeout(timeout).readTimeout(timeout);
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    public Builder retries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must be 0 or more, not " + retries);
      }
      this.retries = retries;
      return this;
    }

    public Builder backoff(RetryBackoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    public Builder maxRedirects(int maxRedirects) {
      this.maxRedirects = maxRedirects;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** A TLS context (a private CA, say); null for the JDK default. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = sslContext;
      return this;
    }

    public HttpSettings build() {
      return new HttpSettings(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, not " + d);
      }
      return d;
    }
  }
}
