package dev.pylayer.doctor;

import dev.pylayer.fetch.Credentials;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.fetch.Netrc;
import dev.pylayer.index.IndexSettings;
import dev.pylayer.index.IndexSource;
import dev.pylayer.index.PipConfiguration;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The package sources a default build would search (the spec's [index] over pip's configuration,
 * as a build layers them), where each was configured, and whether it answers. One probe per
 * source, no retries, a short timeout: an unreachable index costs seconds here, not a build.
 * Locations are printed without credentials.
 */
final class IndexCheck implements DoctorCheck {

  @Override
  public List<Finding> run(DoctorEnvironment environment) {
    PipConfiguration pip;
    IndexSettings settings;
    try {
      pip = PipConfiguration.load(environment.env(), environment.home());
      settings = environment.specIndex().overriding(pip.indexSettings());
    } catch (IOException | IllegalArgumentException e) {
      return List.of(Finding.fail("index", "pip's configuration cannot be read: "
          + e.getMessage(), "fix or remove that file (pip config debug lists the files)"));
    }
    List<IndexSource> sources;
    try {
      sources = settings.sources(environment.workingDir(), environment.home());
    } catch (IllegalArgumentException e) {
      return List.of(Finding.fail("index", e.getMessage(), "fix the index setting named"));
    }
    if (sources.isEmpty()) {
      return List.of(Finding.fail("index", "no-index is set and there are no find-links: no"
          + " package can be found", "set find-links, or unset no-index"));
    }
    HttpTransport transport = transport(environment);
    List<Probe> probes = new ArrayList<>();
    for (IndexSource source : sources) {
      probes.add(probe(source, transport));
    }
    boolean anyReachable = probes.stream().anyMatch(p -> p.problem == null);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      IndexSource source = sources.get(i);
      Probe probe = probes.get(i);
      String what = (source.kind() == IndexSource.Kind.INDEX ? "index " : "find-links ")
          + source.publicLocation() + " (from " + origin(source, environment, pip) + ")";
      if (probe.problem == null) {
        findings.add(Finding.ok("index", what + " is reachable"));
      } else {
        String fix = "check the URL, the network or proxy, and credentials (URL or ~/.netrc);"
            + " or set another index with PIP_INDEX_URL, pip.conf or pylayer.toml [index] url";
        findings.add(anyReachable
            ? Finding.warn("index", what + " " + probe.problem + "; builds search the other"
                + " sources (one warning per build)", fix)
            : Finding.fail("index", what + " " + probe.problem + ", and no other package"
                + " source is reachable", fix));
      }
    }
    return findings;
  }

  private static HttpTransport transport(DoctorEnvironment environment) {
    HttpSettings.Builder http = HttpSettings.builder()
        .timeout(environment.networkTimeout())
        .retries(0);
    try {
      http.credentials(Credentials.withNetrc(Netrc.load(environment.env(), environment.home())));
    } catch (IOException e) {
      // Probing without netrc logins still tells whether the server answers.
    }
    return HttpTransport.create(http.build());
  }

  private record Probe(String problem) {}

  private static Probe probe(IndexSource source, HttpTransport transport) {
    URI location = source.location();
    if (source.isLocal()) {
      Path path = Path.of(location);
      return new Probe(Files.exists(path) ? null : "does not exist");
    }
    // A project page (small) rather than the root listing (tens of MB on PyPI); any answer but
    // an authentication failure or a server error means the index is there.
    URI probe = source.kind() == IndexSource.Kind.INDEX ? location.resolve("pip/") : location;
    try (HttpTransport.Response response = transport.get(probe, Map.of())) {
      int status = response.statusCode();
      if (status == 401 || status == 403 || status == 407) {
        return new Probe("refuses access (HTTP " + status + ")");
      }
      if (status >= 500) {
        return new Probe("answers with a server error (HTTP " + status + ")");
      }
      return new Probe(null);
    } catch (IOException e) {
      return new Probe("is not reachable (" + Optional.ofNullable(e.getMessage())
          .orElse(e.getClass().getSimpleName()) + ")");
    }
  }

  /** Which layer of configuration named this source. */
  private static String origin(IndexSource source, DoctorEnvironment environment,
      PipConfiguration pip) {
    IndexSettings spec = environment.specIndex();
    if (source.kind() == IndexSource.Kind.FIND_LINKS) {
      return spec.findLinks().isPresent() ? environment.specSource()
          : pip.origin("find-links").orElse("pip configuration");
    }
    String primary = spec.indexUrl().or(() -> pip.indexSettings().indexUrl())
        .orElse(IndexSettings.DEFAULT_INDEX_URL);
    boolean isPrimary = IndexSource.index(primary, environment.workingDir()).equals(source);
    if (isPrimary) {
      if (spec.indexUrl().isPresent()) {
        return environment.specSource();
      }
      return pip.origin("index-url").orElse("pip's default, nothing configured");
    }
    return spec.extraIndexUrls().isPresent() ? environment.specSource()
        : pip.origin("extra-index-url").orElse("pip configuration");
  }
}
