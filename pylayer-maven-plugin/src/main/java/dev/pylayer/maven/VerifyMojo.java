package dev.pylayer.maven;

import dev.pylayer.pep.Arch;
import dev.pylayer.pipeline.LayerInspector;
import dev.pylayer.pipeline.LayerReport;
import dev.pylayer.pipeline.LayerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Checks the built zips (default phase {@code verify}): each exists, reads back as a layer and
 * fits the spec's budget. All checking is core's; {@link #verify(Path, LayerSpec)} is the one
 * place that calls it.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractPylayerMojo {

  @Override
  void run() throws IOException, MojoFailureException {
    LayerSpec spec = resolveSpec();
    for (Arch arch : spec.arches()) {
      Path zip = UpToDateCheck.zip(spec, arch);
      if (!Files.isRegularFile(zip)) {
        throw new MojoFailureException(zip + " does not exist: run the build goal first (mvn"
            + " package)");
      }
      LayerReport report = verify(zip, spec);
      getLog().info(String.format(Locale.ROOT, "pylayer: %s verified: %.1f MB of %.1f MB"
          + " budget, %d packages, python %s", zip.getFileName(), report.zipBytes() / 1e6,
          spec.maxZipBytes() / 1e6, report.packages().size(),
          report.python() == null ? "?" : report.python().version()));
    }
  }

  /** Core's check of one layer zip against its spec. */
  private static LayerReport verify(Path zip, LayerSpec spec) throws IOException,
      MojoFailureException {
    LayerReport report = LayerInspector.inspect(zip);
    if (report.zipBytes() > spec.maxZipBytes()) {
      throw new MojoFailureException(String.format(Locale.ROOT, "%s is %.1f MB, over the budget"
          + " of %.1f MB", zip.getFileName(), report.zipBytes() / 1e6, spec.maxZipBytes() / 1e6));
    }
    return report;
  }
}
