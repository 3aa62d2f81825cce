package dev.pylayer.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.testing.HostPython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs wheels published on PyPI (from this machine's local mirror, {@code /opt/pypi/files};
 * skipped where it is absent) and imports them with the host interpreter.
 */
class RealWheelInstallTest {

  private static final Path MIRROR = Path.of("/opt/pypi/files");

  @TempDir Path temp;

  private static Optional<Path> newest(String prefix) throws IOException {
    if (!Files.isDirectory(MIRROR)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(MIRROR)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.getFileName().toString().endsWith("-py3-none-any.whl"))
          .max(Path::compareTo);
    }
  }

  @Test
  void idnaAndCertifiFromPypiInstallAndImport() throws Exception {
    Optional<Path> idna = newest("idna-");
    Optional<Path> certifi = newest("certifi-");
    assumeTrue(idna.isPresent() && certifi.isPresent(), "needs the idna and certifi wheels"
        + " of the local PyPI mirror at " + MIRROR + " (real wheels; no network in tests)");
    assumeTrue(HostPython.find().isPresent(), "needs host python3");

    Path site = temp.resolve("python/lib/python3.11/site-packages");
    WheelInstaller installer = WheelInstaller.create(InstallScheme.sitePackagesOnly(site));
    InstalledDistribution idnaDist = installer.install(idna.get());
    InstalledDistribution certifiDist = installer.install(certifi.get());

    assertThat(idnaDist.name().value()).isEqualTo("idna");
    assertThat(idna.get().getFileName().toString()).startsWith("idna-" + idnaDist.version() + "-");
    assertThat(idnaDist.topLevelNames()).containsExactly("idna");
    assertThat(idnaDist.hasExtensionModules()).isFalse();
    assertThat(certifiDist.files())
        .extracting(InstalledFile::recordPath)
        .contains("certifi/cacert.pem");

    HostPython.Result result =
        HostPython.run(
            temp,
            Map.of("PYTHONPATH", site.toString()),
            "-s",
            "-S",
            "-c",
            "import sys, idna, certifi, importlib.metadata as md\n"
                + "print(idna.encode('ドメイン.テスト').decode(), idna.__file__)\n"
                + "print(open(certifi.where()).read().count('-----BEGIN CERTIFICATE-----') > 100)\n"
                + "print(md.version('idna'), md.distribution('certifi').read_text('INSTALLER'))");
    assertThat(result.exitCode).as(result.toString()).isZero();
    assertThat(result.stdout)
        .contains("xn--eckwd4c7c.xn--zckzah " + site.resolve("idna/__init__.py"))
        .contains("\nTrue\n")
        .contains(idnaDist.version() + " pylayer");
  }
}
