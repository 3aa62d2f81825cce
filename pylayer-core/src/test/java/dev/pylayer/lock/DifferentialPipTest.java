package dev.pylayer.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSource;
import dev.pylayer.wheel.CoreMetadata;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.testing.HostPython;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pylayer's resolution against pip's ({@code pip install --dry-run --report}) for the same
 * requirements, indexes and target (CPython 3.11, x86_64, manylinux up to 2.34, wheels only), on
 * the machine's local mirror. Skipped where host pip or the mirror is absent.
 *
 * <p>pip is run with {@code --target}: pip refuses {@code --platform}/{@code --python-version}
 * without it (nothing is installed with {@code --dry-run}). With {@code PIP_CONFIG_FILE=/dev/null}
 * and explicit indexes so pip never waits on the unreachable pypi.org.
 *
 * <p>Differences found and why they are expected: none so far on this mirror; where one appears
 * the assertion message shows both sides.
 */
class DifferentialPipTest {

  private static final Path MIRROR = Path.of("/opt/pypi/simple");
  private static final Path MORE = Path.of("/opt/pypi-more/simple");
  private static final Path WHEELS = Path.of("/opt/wheels");
  private static final Path LITELLM =
      Path.of("/tmp/litellm-wheels/litellm-1.45.0-py3-none-any.whl");
  private static final TargetEnvironment TARGET = TargetEnvironment.of("3.11", Arch.X86_64, 2, 34);

  @TempDir static Path work;

  @BeforeAll
  static void needsPipAndTheMirror() {
    assumeTrue(Files.isDirectory(MIRROR), "no local PyPI mirror at " + MIRROR + ": this test"
        + " compares pylayer's resolution with pip's over that mirror (no network in tests)");
    assumeTrue(HostPython.find().isPresent(), "no host python3");
    HostPython.Result pip = HostPython.run(work, pipEnvironment(), "-m", "pip", "--version");
    assumeTrue(pip.exitCode == 0, "no host pip: " + pip);
  }

  private static Map<String, String> pipEnvironment() {
    return Map.of("PIP_CONFIG_FILE", "/dev/null", "HOME", work.toString(),
        "PIP_DISABLE_PIP_VERSION_CHECK", "1", "PATH", "/usr/bin:/bin");
  }

  @Test
  void openai() throws Exception {
    compare("openai", List.of("openai"));
  }

  @Test
  void anthropic() throws Exception {
    compare("anthropic", List.of("anthropic"));
  }

  @Test
  void fastapi() throws Exception {
    compare("fastapi", List.of("fastapi"));
  }

  @Test
  void boto3() throws Exception {
    compare("boto3", List.of("boto3"));
  }

  /** litellm 1.45.0's own Requires-Dist (read from the wheel when it is on this machine). */
  @Test
  void litellmDependencies() throws Exception {
    assumeTrue(Files.isRegularFile(LITELLM), "no LiteLLM wheel at " + LITELLM + ": this test reads"
        + " its real metadata; the local mirror here lacks litellm");
    List<String> requires = new ArrayList<>();
    try (ZipFile zip = new ZipFile(LITELLM.toFile())) {
      ZipEntry entry = zip.getEntry("litellm-1.45.0.dist-info/METADATA");
      try (InputStream in = zip.getInputStream(entry)) {
        requires.addAll(CoreMetadata.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .requiresDist());
      }
    }
    assertThat(requires).isNotEmpty();
    compare("litellm-deps", requires);
  }

  private void compare(String name, List<String> requirements) throws Exception {
    Map<String, String> pip = pip(name, requirements);
    Map<String, String> pylayer = pylayer(requirements);
    assertThat(pip).as("pip's resolution of " + name).isNotEmpty();
    System.out.println("differential " + name + ": " + pip.size() + " packages, pip " + pip);
    assertThat(pylayer).as("pylayer vs pip for " + name + "\npylayer: " + pylayer + "\npip:     "
        + pip).isEqualTo(pip);
  }

  private static Map<String, String> pylayer(List<String> requirements) throws Exception {
    List<IndexSource> sources = new ArrayList<>();
    sources.add(IndexSource.index(MIRROR.toUri().toString(), work));
    if (Files.isDirectory(MORE)) {
      sources.add(IndexSource.index(MORE.toUri().toString(), work));
    }
    if (Files.isDirectory(WHEELS)) {
      sources.add(IndexSource.findLinks(WHEELS.toString(), work, work));
    }
    HttpTransport transport = HttpTransport.create(HttpSettings.defaults());
    IndexClient index = IndexClient.create(sources, transport, message -> {});
    Path cache = work.resolve("cache");
    List<Requirement> parsed = new ArrayList<>();
    requirements.forEach(r -> parsed.add(Requirement.parse(r)));
    LockFile lock = Locker.create(index, DownloadCache.create(cache, transport), cache,
        LockListener.NONE).lock(LockRequest.builder().requirements(parsed)
            .targets(List.of(TARGET)).build());
    Map<String, String> out = new TreeMap<>();
    lock.versions(lock.target(TARGET).orElseThrow())
        .forEach((n, v) -> out.put(n.value(), v.toString()));
    return out;
  }

  private static Map<String, String> pip(String name, List<String> requirements)
      throws IOException {
    Path requirementsFile = work.resolve(name + ".txt");
    Files.writeString(requirementsFile, String.join("\n", requirements) + "\n");
    Path report = work.resolve(name + "-report.json");
    List<String> args = new ArrayList<>(List.of("-m", "pip", "install", "--dry-run",
        "--ignore-installed", "--quiet", "--target", work.resolve(name + "-target").toString(),
        "--report", report.toString(), "--only-binary=:all:",
        "--platform", "manylinux_2_34_x86_64", "--platform", "manylinux_2_28_x86_64",
        "--platform", "manylinux_2_17_x86_64", "--platform", "manylinux2014_x86_64",
        "--python-version", "3.11", "--implementation", "cp",
        "--index-url", MIRROR.toUri().toString()));
    if (Files.isDirectory(MORE)) {
      args.addAll(List.of("--extra-index-url", MORE.toUri().toString()));
    }
    if (Files.isDirectory(WHEELS)) {
      args.addAll(List.of("--find-links", WHEELS.toString()));
    }
    args.addAll(List.of("-r", requirementsFile.toString()));
    HostPython.Result result = HostPython.run(work, pipEnvironment(), args.toArray(new String[0]));
    assertThat(result.exitCode).as("pip for " + name + ": " + result).isZero();
    JsonNode json = new ObjectMapper().readTree(Files.readString(report));
    Map<String, String> out = new TreeMap<>();
    for (JsonNode item : json.path("install")) {
      out.put(PackageName.normalize(item.path("metadata").path("name").asText()),
          item.path("metadata").path("version").asText());
    }
    return out;
  }
}
