package dev.pylayer.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@link PythonExec#verifyEnvironment()} found: the interpreter and the installed package versions. */
public final class EnvironmentReport {

  /** Distributions reported: LiteLLM and the dependencies it imports at {@code import litellm}. */
  public static final List<String> PACKAGES =
      List.of(
          "litellm", "openai", "httpx", "httpcore", "pydantic", "pydantic-core", "tiktoken",
          "tokenizers", "aiohttp", "anyio", "jinja2", "certifi");

  /** Python source of the check; prints one JSON line. Package metadata only: no imports, so it is fast. */
  static final String PROBE =
      "import json, platform, sys\n"
          + "from importlib import metadata\n"
          + "versions = {}\n"
          + "for name in " + pythonList(PACKAGES) + ":\n"
          + "    try:\n"
          + "        versions[name] = metadata.version(name)\n"
          + "    except metadata.PackageNotFoundError:\n"
          + "        versions[name] = None\n"
          + "print(json.dumps({'python_version': platform.python_version(),"
          + " 'executable': sys.executable, 'prefix': sys.prefix,"
          + " 'platform': platform.platform(), 'machine': platform.machine(),"
          + " 'packages': versions}))\n";

  private final String pythonVersion;
  private final String executable;
  private final String prefix;
  private final String platform;
  private final String machine;
  private final Map<String, Optional<String>> packages;
  private final String rawJson;

  private EnvironmentReport(Map<String, Object> json, String rawJson) {
    this.pythonVersion = string(json, "python_version");
    this.executable = string(json, "executable");
    this.prefix = string(json, "prefix");
    this.platform = string(json, "platform");
    this.machine = string(json, "machine");
    Map<String, Optional<String>> versions = new LinkedHashMap<>();
    Object raw = json.get("packages");
    if (raw instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
        versions.put(String.valueOf(e.getKey()), Optional.ofNullable((String) e.getValue()));
      }
    }
    this.packages = Collections.unmodifiableMap(versions);
    this.rawJson = rawJson;
  }

  static EnvironmentReport fromJson(String line) {
    try {
      return new EnvironmentReport(Json.parseObject(line), line);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("environment check printed unexpected output: " + line, e);
    }
  }

  private static String string(Map<String, Object> json, String key) {
    Object value = json.get(key);
    return value == null ? "" : value.toString();
  }

  private static String pythonList(List<String> names) {
    StringBuilder sb = new StringBuilder("[");
    for (String name : names) {
      sb.append(sb.length() > 1 ? ", " : "").append('\'').append(name).append('\'');
    }
    return sb.append(']').toString();
  }

  /** e.g. "3.11.7". */
  public String pythonVersion() {
    return pythonVersion;
  }

  /** {@code sys.executable}. */
  public String executable() {
    return executable;
  }

  /** {@code sys.prefix}: the layer's python/ directory when PYTHONHOME is set. */
  public String prefix() {
    return prefix;
  }

  /** {@code platform.platform()}, e.g. "Linux-5.10.0-x86_64-with-glibc2.36". */
  public String platform() {
    return platform;
  }

  /** {@code platform.machine()}, e.g. "aarch64". */
  public String machine() {
    return machine;
  }

  /** Every distribution in {@link #PACKAGES} with its version, or empty when it is not installed. */
  public Map<String, Optional<String>> packages() {
    return packages;
  }

  /** The installed version of {@code distribution}, or empty when absent or not checked. */
  public Optional<String> version(String distribution) {
    return packages.getOrDefault(distribution, Optional.empty());
  }

  /** The report as the interpreter printed it. */
  public String rawJson() {
    return rawJson;
  }

  @Override
  public String toString() {
    return "Python " + pythonVersion + " at " + executable + " (" + platform + "), packages " + packages;
  }
}
