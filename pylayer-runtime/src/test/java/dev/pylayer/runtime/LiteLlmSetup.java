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

  /** The fixtures directory (test resources). */
  public static Path fixtures() {
    URL url = LiteLlmSetup.class.getResource("/fixtures/litellm/__init__.py");
    if (url == null) {
      throw new IllegalStateException("test resource fixtures/litellm is missing");
    }
    try {
      return Path.of(url.toURI()).getParent().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
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
