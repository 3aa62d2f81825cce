package dev.pylayer.verify;

import dev.pylayer.pep.Arch;
import dev.pylayer.process.CommandResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs the spec's smoke code in the produced layer zip as Lambda would run it: unpacked read-only,
 * the layer's own interpreter, a clean environment plus {@code PYTHONHOME} and {@code PYTHONPATH}
 * (see {@link LayerSandbox}). A layer for another architecture runs under qemu when it is
 * installed, and is skipped with the reason otherwise.
 */
public final class SmokeTest {

  private static final int MAX_OUTPUT_CHARS = 4000;

  private final SmokeSpec spec;
  private final HostPlatform host;
  private final Duration timeout;

  public SmokeTest(SmokeSpec spec, HostPlatform host, Duration timeout) {
    this.spec = spec;
    this.host = host;
    this.timeout = timeout;
  }

  /** Runs the smoke code against {@code layerZip}, a layer for {@code arch} with Python {@code pythonMinor}. */
  public SmokeResult run(Path layerZip, Arch arch, String pythonMinor) throws IOException {
    if (!spec.enabled()) {
      return SmokeResult.skipped("disabled (--no-smoke or [smoke] enabled = false)");
    }
    Optional<List<String>> launcher = host.launcherFor(arch);
    if (launcher.isEmpty()) {
      return SmokeResult.skipped(host.cannotRunReason(arch));
    }
    try (LayerSandbox sandbox = LayerSandbox.unpack(layerZip, pythonMinor, launcher.get())) {
      // -X importtime writes each import's cost to stderr: the profile goes to report.json and
      // its lines are kept out of the output shown.
      CommandResult result =
          sandbox.runPython(List.of("-X", "importtime", "-c", spec.code()), spec.env(), timeout);
      ImportTimeProfile profile = ImportTimeProfile.parse(result.stderr());
      String output = tail(ImportTimeProfile.withoutProfile(result.combinedOutput()));
      if (result.timedOut()) {
        output = output + "\n[killed after " + timeout.toSeconds() + " s]";
      }
      return new SmokeResult(true, result.succeeded(), result.elapsed().toMillis() / 1000.0,
          output, Optional.empty(),
          launcher.get().isEmpty() ? Optional.empty() : Optional.of(launcher.get().get(0)),
          profile);
    }
  }

  private static String tail(String text) {
    String trimmed = text.strip();
    return trimmed.length() <= MAX_OUTPUT_CHARS
        ? trimmed
        : "..." + trimmed.substring(trimmed.length() - MAX_OUTPUT_CHARS);
  }
}
