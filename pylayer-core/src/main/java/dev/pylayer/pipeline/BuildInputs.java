package dev.pylayer.pipeline;

import dev.pylayer.files.Sha256;
import dev.pylayer.interpreter.PbsBuild;
import dev.pylayer.interpreter.PbsCatalog;
import dev.pylayer.pep.Arch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One hash over everything a layer of one architecture is built from: every spec setting, the
 * contents of the files it names (requirements file, lock file, pruning rules), the interpreter
 * (the given archive's sha256, else the catalog entry the build would take) and pylayer's
 * version. Same hash, same layer: a build tool (the Maven plugin) can skip a build whose inputs
 * are unchanged. Computed after a build too, since a build may write the lock file.
 */
public final class BuildInputs {

  private BuildInputs() {}

  /** The hex sha256 of the inputs of {@code spec}'s layer for {@code arch}. */
  public static String fingerprint(LayerSpec spec, Arch arch, PbsCatalog catalog)
      throws IOException {
    Map<String, String> inputs = new TreeMap<>();
    inputs.put("pylayer", PylayerVersion.get());
    inputs.put("name", spec.name());
    inputs.put("python", spec.pythonVersion());
    inputs.put("arch", arch.lambdaName());
    inputs.put("runtime", spec.lambdaRuntime());
    inputs.put("requirements", String.join("\n", spec.requirements()));
    inputs.put("constraints", String.join("\n", spec.constraints()));
    inputs.put("requirements-file", spec.requirementsFile().map(BuildInputs::content)
        .orElse("-"));
    inputs.put("lock-file", content(spec.lockFile()));
    inputs.put("index", spec.index().toString());
    if (spec.pythonArchive().isPresent()) {
      inputs.put("interpreter", spec.pythonArchive().get() + " " + spec.pythonSha256().get());
    } else {
      PbsBuild build = catalog.newest(spec.pythonVersion(), arch.pbsName());
      inputs.put("interpreter", build.url() + " " + build.sha256());
    }
    inputs.put("layout", spec.layout().toString());
    inputs.put("max-zip-bytes", Long.toString(spec.maxZipBytes()));
    inputs.put("compression", Integer.toString(spec.compressionLevel()));
    inputs.put("smoke", spec.smoke().enabled() + "\n" + spec.smoke().code() + "\n"
        + new TreeMap<>(spec.smoke().env()));
    inputs.put("optimize", spec.optimize().toString());
    StringBuilder rules = new StringBuilder();
    for (Path file : spec.pruneRuleFiles()) {
      rules.append(file).append(' ').append(content(file)).append('\n');
    }
    inputs.put("prune-rules", rules.toString());
    inputs.put("no-prune", String.join(",", spec.disabledPruneRules()));
    inputs.put("keep", String.join(",", spec.keepDistributions()));
    inputs.put("sourceless", new java.util.TreeSet<>(spec.sourceless()).toString());
    inputs.put("out", spec.outDir(arch).resolve(spec.zipName(arch)).toAbsolutePath().toString());
    StringBuilder text = new StringBuilder();
    inputs.forEach((k, v) -> text.append(k).append('=').append(v.length()).append(':').append(v)
        .append('\n'));
    return Sha256.of(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A file's sha256, or "-" when it does not exist (yet). */
  private static String content(Path file) {
    try {
      return Files.isRegularFile(file) ? Sha256.of(file) : "-";
    } catch (IOException e) {
      return "unreadable";
    }
  }
}
