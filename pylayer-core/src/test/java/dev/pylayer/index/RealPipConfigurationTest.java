package dev.pylayer.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.pep.PackageName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Reads this machine's real pip configuration and, if it names local sources (a {@code file:}
 * index or a find-links directory, like the mirror at /opt/pypi), looks up {@code openai} there.
 * Network sources are left out: tests reach no host but 127.0.0.1. Skipped on machines without
 * such a configuration.
 */
class RealPipConfigurationTest {

  @Test
  void findsOpenaiWheelsWithHashesInTheLocallyConfiguredIndexes() throws IOException {
    Path home = Path.of(System.getProperty("user.home"));
    Path cwd = Path.of("").toAbsolutePath();
    PipConfiguration pip = PipConfiguration.loadFromSystem();
    List<IndexSource> local = pip.indexSettings().sources(cwd, home).stream()
        .filter(IndexSource::isLocal)
        .collect(Collectors.toList());
    Assumptions.assumeTrue(local.stream().anyMatch(s -> s.kind() == IndexSource.Kind.INDEX),
        "pip is configured with no file:// index here (config files: " + pip.files() + ")");

    List<String> warnings = new CopyOnWriteArrayList<>();
    IndexClient client =
        IndexClient.create(local, HttpTransport.create(HttpSettings.defaults()), warnings::add);
    ProjectFiles openai = client.files(PackageName.of("openai"));
    Assumptions.assumeFalse(openai.isEmpty(), "no openai in " + local);

    assertThat(openai.files())
        .filteredOn(f -> f.filename().endsWith(".whl"))
        .anySatisfy(wheel -> assertThat(wheel.sha256()).hasValueSatisfying(
            sha -> assertThat(sha).matches("[0-9a-f]{64}")));
  }
}
