package dev.pylayer.runtime;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the tests' worker finds {@code litellm}: the stdlib-only test fixture under
 * {@code fixtures/litellm} by default, or the real LiteLLM when the system property {@code
 * pylayer.litellm.wheels} names a directory of wheels. Then LiteLLM is installed once with {@code
 * pip install --target} (dependencies from pip's configured indexes) into {@code
 * target/litellm-real/<version>} and reused by later runs. Public for the framework adapters' tests
 * (pylayer-runtime's test-jar).
 */
public final class LiteLlmSetup {
  public static final String WHEELS_PROPERTY = "pylayer.litellm.wheels";
  private static final Pattern LITELLM_WHEEL = Pattern.compile("litellm-([0-9][^-]*)-.*\\.whl");
  private static volatile Path litellmDir;
  private static Path fixturesCopy;

  private LiteLlmSetup() {}

  /** Whether the tests run against real LiteLLM. */
  public static boolean real() {
    String wheels = System.getProperty(WHEELS_PROPERTY);
    return wheels != null && !wheels.isBlank();
  }

  /** The host interpreter, found the way {@link PythonRuntime#detect()} finds it outside Lambda. */
  public static PythonRuntime hostPython() {
    return PythonRuntime.detect(System.getenv(), Path.of("/"));
  }

  /**
   * The fixtures directory (test resources). Read from pylayer-runtime's test-jar (the framework
   * adapters' tests), it is copied once to {@code target/pylayer-fixtures} of the running module,
   * since Python imports from a directory.
   */
  public static synchronized Path fixtures() {
    URL url = LiteLlmSetup.class.getResource("/fixtures/litellm/__init__.py");
    if (url == null) {
      throw new IllegalStateException("test resource fixtures/litellm is missing");
    }
    try {
      if (!"jar".equals(url.getProtocol())) {
        return Path.of(url.toURI()).getParent().getParent();
      }
      if (fixturesCopy == null) {
        fixturesCopy = copyFixtures(url.toURI());
      }
      return fixturesCopy;
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read the test fixtures at " + url + ": " + e, e);
    }
  }

  private static Path copyFixtures(java.net.URI inJar) throws IOException {
    Path target = Path.of("target", "pylayer-fixtures").toAbsolutePath();
    try (java.nio.file.FileSystem jar = java.nio.file.FileSystems.newFileSystem(inJar, java.util.Map.of());
        java.util.stream.Stream<Path> files = Files.walk(jar.getPath("/fixtures"))) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(jar.getPath("/fixtures").relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return target;
  }

  /** The directory to put on PYTHONPATH so that {@code import litellm} finds the chosen LiteLLM. */
  public static synchronized Path litellmDir() {
    if (litellmDir == null) {
      litellmDir = real() ? installReal(Path.of(System.getProperty(WHEELS_PROPERTY))) : fixtures();
    }
    return litellmDir;
  }

  /** Options for a test client: host python, the chosen LiteLLM, optionally the fault hooks first. */
  public static LiteLlmClient.Options.Builder options(boolean faults) {
    List<String> path = new ArrayList<>();
    if (faults) {
      path.add(fixtures().resolve("faults").toString());
    }
    path.add(litellmDir().toString());
    return LiteLlmClient.Options.builder()
        .runtime(hostPython())
        .environment("PYTHONPATH", String.join(java.io.File.pathSeparator, path))
        .startTimeout(Duration.ofSeconds(120))
        .defaultTimeout(Duration.ofSeconds(60));
  }

  private static Path installReal(Path wheels) {
    String version = null;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(wheels, "litellm-*.whl")) {
      for (Path wheel : entries) {
        Matcher m = LITELLM_WHEEL.matcher(wheel.getFileName().toString());
        if (m.matches()) {
          version = m.group(1);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(WHEELS_PROPERTY + "=" + wheels + " cannot be read: " + e, e);
    }
    if (version == null) {
      throw new IllegalStateException(WHEELS_PROPERTY + "=" + wheels + " holds no litellm-<version>-*.whl");
    }
    Path target = Path.of("target", "litellm-real", version).toAbsolutePath();
    if (Files.exists(target.resolve(".installed"))) {
      return target;
    }
    try {
      Path staging = Files.createTempDirectory(Files.createDirectories(target.getParent()), version + ".tmp");
      ProcessBuilder pip = new ProcessBuilder(hostPython().executable().toString(), "-m", "pip", "install", "--quiet",
          "--disable-pip-version-check",
          // Fail fast on configured indexes that are unreachable (e.g. offline CI) instead of retrying.
          "--retries", "0", "--timeout", "10", "--find-links", wheels.toString(), "--target", staging.toString(), "litellm==" + version);
      pip.redirectErrorStream(true);
      Process process = pip.start();
      String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("pip install litellm==" + version + " failed:\n" + output);
      }
      Files.writeString(staging.resolve(".installed"), version);
      Files.move(staging, target);
      return target;
    } catch (IOException e) {
      throw new IllegalStateException("installing litellm " + version + " from " + wheels + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
