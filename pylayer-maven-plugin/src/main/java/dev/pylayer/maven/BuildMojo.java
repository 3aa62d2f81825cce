package dev.pylayer.maven;

import dev.pylayer.interpreter.PbsCatalog;
import dev.pylayer.pep.Arch;
import dev.pylayer.pipeline.LayerBuilder;
import dev.pylayer.pipeline.LayerReport;
import dev.pylayer.pipeline.LayerSpec;
import dev.pylayer.pipeline.LockOptions;
import dev.pylayer.pipeline.PylayerVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Builds the layer zip of each architecture (as {@code pylayer build}) and attaches it to the
 * project (type {@code zip}, classifier the architecture), so {@code install} and {@code deploy}
 * carry it. A layer whose inputs are unchanged since its last build is not rebuilt.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractPylayerMojo {

  @Component
  MavenProjectHelper projectHelper;

  @Override
  void run() throws IOException {
    LayerSpec spec = resolveSpec();
    PbsCatalog catalog = PbsCatalog.bundled();
    UpToDateCheck check = new UpToDateCheck(
        Path.of(project.getBuild().getDirectory()).resolve("pylayer"), catalog);
    List<Arch> stale = new ArrayList<>();
    for (Arch arch : spec.arches()) {
      if (check.isUpToDate(spec, arch)) {
        getLog().info("pylayer: " + display(UpToDateCheck.zip(spec, arch)) + " is up to date"
            + " (spec, lock, interpreter and pylayer " + PylayerVersion.get() + " unchanged);"
            + " not rebuilt");
      } else {
        stale.add(arch);
      }
    }
    if (!stale.isEmpty()) {
      LayerSpec toBuild = spec.toBuilder().arches(stale).build();
      List<LayerReport> reports = new LayerBuilder(context(), LockOptions.KEEP).build(toBuild);
      for (int i = 0; i < stale.size(); i++) {
        LayerReport report = reports.get(i);
        getLog().info(String.format(Locale.ROOT, "pylayer: built %s: %.1f MB zipped, %.1f MB"
            + " unzipped, %d packages, sha256 %s", display(UpToDateCheck.zip(spec,
            stale.get(i))), report.zipBytes() / 1e6, report.unzippedBytes() / 1e6,
            report.packages().size(), report.sha256()));
        check.record(spec, stale.get(i));
      }
    }
    for (Arch arch : spec.arches()) {
      projectHelper.attachArtifact(project, "zip", arch.lambdaName(),
          UpToDateCheck.zip(spec, arch).toFile());
    }
  }

  private String display(Path file) {
    Path base = baseDir();
    Path absolute = file.toAbsolutePath();
    return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
  }
}
