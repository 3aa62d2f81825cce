package dev.pylayer.maven;

import dev.pylayer.files.AtomicFiles;
import dev.pylayer.files.Sha256;
import dev.pylayer.interpreter.PbsCatalog;
import dev.pylayer.pep.Arch;
import dev.pylayer.pipeline.BuildInputs;
import dev.pylayer.pipeline.LayerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a layer needs building: a stamp per layer ({@code target/pylayer/NAME-ARCH.inputs})
 * keeps the inputs' fingerprint ({@link BuildInputs}: spec, lock, interpreter, pylayer version)
 * and the zip's sha256 from the last build. Unchanged inputs and the same zip bytes: up to date.
 */
final class UpToDateCheck {

  private final Path stampDir;
  private final PbsCatalog catalog;

  UpToDateCheck(Path stampDir, PbsCatalog catalog) {
    this.stampDir = stampDir;
    this.catalog = catalog;
  }

  /** True when the zip exists, is what the last build wrote, and no input changed since. */
  boolean isUpToDate(LayerSpec spec, Arch arch) throws IOException {
    Path stamp = stamp(spec, arch);
    Path zip = zip(spec, arch);
    if (!Files.isRegularFile(stamp) || !Files.isRegularFile(zip)) {
      return false;
    }
    List<String> lines = Files.readAllLines(stamp, StandardCharsets.UTF_8);
    return lines.size() >= 2
        && lines.get(0).equals(BuildInputs.fingerprint(spec, arch, catalog))
        && lines.get(1).equals(Sha256.of(zip));
  }

  /** Records a finished build of {@code arch} (after it, as the build may write the lock). */
  void record(LayerSpec spec, Arch arch) throws IOException {
    Files.createDirectories(stampDir);
    String text = BuildInputs.fingerprint(spec, arch, catalog) + "\n"
        + Sha256.of(zip(spec, arch)) + "\n";
    AtomicFiles.write(stamp(spec, arch), text.getBytes(StandardCharsets.UTF_8));
  }

  static Path zip(LayerSpec spec, Arch arch) {
    return spec.outDir(arch).resolve(spec.zipName(arch));
  }

  private Path stamp(LayerSpec spec, Arch arch) {
    return stampDir.resolve(spec.zipName(arch).replaceFirst("\\.zip$", "") + ".inputs");
  }
}
