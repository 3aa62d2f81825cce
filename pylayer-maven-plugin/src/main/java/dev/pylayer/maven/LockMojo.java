package dev.pylayer.maven;

import dev.pylayer.lock.LockFile;
import dev.pylayer.pipeline.LayerSpec;
import dev.pylayer.pipeline.LockOptions;
import dev.pylayer.pipeline.SpecLocker;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Resolves the spec into its lock file (as {@code pylayer lock}); run by hand, bound to no phase. */
@Mojo(name = "lock", threadSafe = true, requiresProject = true)
public class LockMojo extends AbstractPylayerMojo {

  /** Re-resolve every package to its newest allowed version. */
  @Parameter(property = "pylayer.upgrade", defaultValue = "false")
  boolean upgrade;

  /** Re-resolve these packages to their newest allowed versions, keep the rest. */
  @Parameter(property = "pylayer.upgradePackages")
  List<String> upgradePackages;

  @Override
  void run() throws IOException {
    LayerSpec spec = resolveSpec();
    LinkedHashSet<dev.pylayer.pep.PackageName> names = new LinkedHashSet<>();
    if (upgradePackages != null) {
      upgradePackages.forEach(n -> names.add(dev.pylayer.pep.PackageName.of(n)));
    }
    LockFile lock = new SpecLocker(context()).lock(spec, new LockOptions(upgrade, names),
        spec.lockFile());
    getLog().info("pylayer: locked " + lock.packages().size() + " packages into "
        + spec.lockFile());
  }
}
