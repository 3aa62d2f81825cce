package dev.pylayer.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the file order of {@link PipConfiguration} against the real pip on this machine: both
 * read the same temp files with the same environment, and must agree on every key the test
 * wrote. Skipped where {@code python3 -m pip} is not available.
 */
class PipConfigurationAgainstPipTest {

  private static final Pattern LINE = Pattern.compile("global\\.([a-z-]+)='(.*)'");
  private static final List<String> KEYS =
      List.of("index-url", "extra-index-url", "find-links", "timeout", "retries");
  private static Path sysPrefix;

  @TempDir Path temp;

  @BeforeAll
  static void findPip() throws Exception {
    List<String> out = run(List.of("python3", "-c",
        "import sys, pip; print(sys.prefix)"), Map.of());
    Assumptions.assumeTrue(out != null && !out.isEmpty(), "python3 with pip is not available");
    sysPrefix = Path.of(out.get(0).strip());
  }

  /** Runs a command with a clean environment; null if it cannot run or fails. */
  private static List<String> run(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
      Map<String, String> environment = builder.environment();
      String path = environment.get("PATH");
      environment.clear();
      environment.put("PATH", path == null ? "/usr/bin:/bin" : path);
      environment.putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return null;
      }
      return List.of(stdout.split("\n"));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private Map<String, String> pipsView(Map<String, String> env) {
    List<String> lines = run(List.of("python3", "-m", "pip", "config", "list"), env);
    Assumptions.assumeTrue(lines != null, "pip config list failed");
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line.strip());
      if (m.matches() && KEYS.contains(m.group(1))) {
        values.put(m.group(1), m.group(2));
      }
    }
    return values;
  }

  private Map<String, String> ourView(Map<String, String> env, Path home) throws IOException {
    PipConfiguration config =
        PipConfiguration.loader().env(env).home(home).sitePrefix(sysPrefix).load();
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : KEYS) {
      config.get(key).ifPresent(v -> values.put(key, v));
    }
    return values;
  }

  private static void write(Path file, Map<String, String> global) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder text = new StringBuilder("[global]\n");
    global.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    Files.writeString(file, text);
  }

  private List<Map<String, String>> scenarios(Path home) throws IOException {
    Path xdgDirs = temp.resolve("xdg-dirs");
    Path xdgHome = temp.resolve("xdg-home");
    write(xdgDirs.resolve("pip/pip.conf"),
        Map.of("index-url", "https://xdg-dirs/simple", "retries", "7"));
    write(home.resolve(".pip/pip.conf"),
        Map.of("index-url", "https://legacy/simple", "extra-index-url", "https://legacy-extra/"));
    write(home.resolve(".config/pip/pip.conf"),
        Map.of("extra-index-url", "https://new-extra/", "find-links", "/new-links"));
    write(xdgHome.resolve("pip/pip.conf"), Map.of("find-links", "/xdg-home-links"));
    Path custom = temp.resolve("custom.conf");
    write(custom, Map.of("timeout", "99", "extra-index-url", "https://custom-extra/"));

    List<Map<String, String>> envs = new ArrayList<>();
    Map<String, String> base = new HashMap<>();
    base.put("HOME", home.toString());
    base.put("XDG_CONFIG_DIRS", xdgDirs.toString());
    envs.add(Map.copyOf(base));
    Map<String, String> withXdgHome = new HashMap<>(base);
    withXdgHome.put("XDG_CONFIG_HOME", xdgHome.toString());
    envs.add(withXdgHome);
    Map<String, String> withConfigFile = new HashMap<>(base);
    withConfigFile.put("PIP_CONFIG_FILE", custom.toString());
    envs.add(withConfigFile);
    Map<String, String> withMissingConfigFile = new HashMap<>(base);
    withMissingConfigFile.put("PIP_CONFIG_FILE", temp.resolve("absent.conf").toString());
    envs.add(withMissingConfigFile);
    return envs;
  }

  @Test
  void agreesWithPipOnWhichFileWins() throws IOException {
    Path home = Files.createDirectories(temp.resolve("home"));
    for (Map<String, String> env : scenarios(home)) {
      Map<String, String> pip = pipsView(env);
      assertThat(pip).as("pip read the test's files with %s", env).isNotEmpty();
      assertThat(ourView(env, home)).as("with %s", env).isEqualTo(pip);
    }
  }
}
