package dev.pylayer.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.files.BundledResources;
import dev.pylayer.process.CommandResult;
import dev.pylayer.process.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs smoke code with the layer's own interpreter in the build tree, under an audit hook ({@code
 * sys.addaudithook}) that records every file opened and every module loaded ({@code
 * trace_imports.py}, a resource of this package). The interpreter runs with {@code -B}, so the
 * tree gains no bytecode, and with {@code PYTHONHOME} and {@code PYTHONPATH} set as on Lambda.
 */
public final class ImportTracer {

  private static final String SCRIPT_RESOURCE = "trace_imports.py";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> launcher;
  private final Duration timeout;

  /** @param launcher the prefix that runs the layer's binaries here (empty, or qemu) */
  public ImportTracer(List<String> launcher, Duration timeout) {
    this.launcher = List.copyOf(launcher);
    this.timeout = timeout;
  }

  /**
   * Traces {@code code} run by {@code pythonHome/bin/python<minor>}.
   *
   * @param env extra environment (the smoke test's)
   */
  public ImportTrace trace(Path pythonHome, String pythonMinor, String code,
      Map<String, String> env) throws IOException {
    Path out = Files.createTempFile("pylayer-trace", ".json");
    try {
      Map<String, String> environment = new LinkedHashMap<>();
      environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
      environment.put("PYTHONHOME", pythonHome.toString());
      environment.put("PYTHONPATH", pythonHome.resolve("lib/python" + pythonMinor).toString());
      environment.putAll(env);
      environment.put("PYTHONDONTWRITEBYTECODE", "1");
      environment.put("PYLAYER_TRACE_OUT", out.toString());
      environment.put("PYLAYER_TRACE_CODE", code);
      List<String> command = new ArrayList<>(launcher);
      command.add(pythonHome.resolve("bin/python" + pythonMinor).toString());
      command.addAll(List.of("-B", "-c", script()));
      CommandResult result = CommandRunner.create().environment(environment)
          .directory(out.getParent()).timeout(timeout).outputCap(256 * 1024).run(command);
      Set<Path> files = new HashSet<>();
      boolean ok = result.succeeded();
      if (Files.size(out) > 0) {
        JsonNode answer = JSON.readTree(out.toFile());
        ok = ok && answer.path("ok").asBoolean(false);
        for (JsonNode file : answer.path("files")) {
          files.add(Path.of(file.asText()).normalize());
        }
      } else {
        ok = false;
      }
      return new ImportTrace(ok, files, result.combinedOutput());
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static String script() {
    return BundledResources.text(ImportTracer.class, SCRIPT_RESOURCE);
  }
}
