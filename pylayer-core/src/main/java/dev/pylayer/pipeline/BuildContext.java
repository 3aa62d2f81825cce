package dev.pylayer.pipeline;

import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSettings;
import dev.pylayer.interpreter.PbsCatalog;
import dev.pylayer.verify.HostPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The world a build runs in: environment variables (pip's configuration, {@code PYLAYER_CACHE},
 * {@code SOURCE_DATE_EPOCH}), the home and working directories, the host platform, the interpreter
 * catalog, the download cache and index clients (one per index settings, so each index's
 * reachability is learned once per run). Everything is injectable so tests build hermetically.
 */
public final class BuildContext {

  private final Map<String, String> env;
  private final Path home;
  private final Path workingDir;
  private final HostPlatform host;
  private final PbsCatalog catalog;
  private final BuildListener listener;
  private final Path cacheRoot;
  private final Map<IndexSettings, IndexClient> indexClients = new HashMap<>();
  private DownloadCache cache;

  private BuildContext(Builder b) {
    this.env = Map.copyOf(b.env);
    this.home = b.home;
    this.workingDir = b.workingDir;
    this.host = b.host;
    this.catalog = b.catalog;
    this.listener = b.listener;
    this.cacheRoot = b.cacheRoot != null ? b.cacheRoot : DownloadCache.defaultRoot(env, home);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<String, String> env() {
    return env;
  }

  public Path home() {
    return home;
  }

  public Path workingDir() {
    return workingDir;
  }

  public HostPlatform host() {
    return host;
  }

  public PbsCatalog catalog() {
    return catalog;
  }

  public BuildListener listener() {
    return listener;
  }

  /** The cache root: {@code PYLAYER_CACHE}, else {@code ~/.cache/pylayer}. */
  public Path cacheRoot() {
    return cacheRoot;
  }

  /** The content-addressed download cache (archives and wheels). */
  public synchronized DownloadCache downloadCache() {
    if (cache == null) {
      HttpSettings settings;
      try {
        settings = HttpSettings.fromEnvironment(env, home);
      } catch (IOException e) {
        listener.warn(e.getMessage() + "; logins from netrc are not used");
        settings = HttpSettings.defaults();
      }
      cache = DownloadCache.create(cacheRoot, HttpTransport.create(settings))
          .onEviction(listener::warn);
    }
    return cache;
  }

  /**
   * The index client for {@code explicit} settings layered over pip's configuration (PIP_*
   * variables and pip.conf), created once per settings.
   */
  public synchronized IndexClient indexClient(IndexSettings explicit) {
    return indexClients.computeIfAbsent(explicit, settings -> {
      try {
        return IndexClient.forEnvironment(settings, env, home, workingDir, listener::warn);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Builder; defaults: empty environment, host platform of this JVM, the bundled catalog. */
  public static final class Builder {
    private Map<String, String> env = Map.of();
    private Path home = Path.of(System.getProperty("user.home"));
    private Path workingDir = Path.of("").toAbsolutePath();
    private HostPlatform host = HostPlatform.current();
    private PbsCatalog catalog;
    private BuildListener listener = BuildListener.SILENT;
    private Path cacheRoot;

    public Builder env(Map<String, String> value) {
      this.env = Objects.requireNonNull(value);
      return this;
    }

    public Builder home(Path value) {
      this.home = Objects.requireNonNull(value);
      return this;
    }

    public Builder workingDir(Path value) {
      this.workingDir = Objects.requireNonNull(value);
      return this;
    }

    public Builder host(HostPlatform value) {
      this.host = Objects.requireNonNull(value);
      return this;
    }

    public Builder catalog(PbsCatalog value) {
      this.catalog = Objects.requireNonNull(value);
      return this;
    }

    public Builder listener(BuildListener value) {
      this.listener = Objects.requireNonNull(value);
      return this;
    }

    /** The cache root; default {@code PYLAYER_CACHE} or {@code ~/.cache/pylayer}. */
    public Builder cacheRoot(Path value) {
      this.cacheRoot = value;
      return this;
    }

    public BuildContext build() {
      if (catalog == null) {
        catalog = PbsCatalog.bundled();
      }
      return new BuildContext(this);
    }
  }
}
