package dev.pylayer.pipeline;

import dev.pylayer.audit.ReleaseScreen;
import dev.pylayer.audit.StartupAudit;
import dev.pylayer.audit.StartupCodeScanner;
import dev.pylayer.audit.StartupFile;
import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.install.InstalledFile;
import dev.pylayer.interpreter.InterpreterLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The supply-chain checks of one layer, run right after the wheels are installed (before anything
 * else may change the tree): known-bad releases are refused, and code that runs at interpreter
 * start is listed and refused unless the spec allows its distribution.
 */
final class SupplyChainStep {

  private final LayerSpec spec;

  SupplyChainStep(LayerSpec spec) {
    this.spec = spec;
  }

  /**
   * Checks the installed distributions.
   *
   * @throws BuildException naming the refused releases or start-up files
   */
  SupplyChainReport afterInstall(InterpreterLayout layout, List<InstalledPackage> installed,
      Path layerRoot) throws IOException {
    ReleaseScreen screen = spec.supplyChain().releaseScreen();
    List<String> refusals = new ArrayList<>();
    Map<Path, String> owners = new HashMap<>();
    for (InstalledPackage p : installed) {
      InstalledDistribution dist = p.distribution();
      screen.refusal(dist.name().toString(), dist.version(), p.wheel().filename(),
          Optional.empty()).ifPresent(refusals::add);
      for (InstalledFile file : dist.files()) {
        owners.put(file.location().toAbsolutePath().normalize(), dist.name().toString());
      }
    }
    if (!refusals.isEmpty()) {
      throw new BuildException(String.join("\n", refusals));
    }
    List<StartupFile> found = StartupCodeScanner.scan(layerRoot,
        List.of(layout.sitePackages()),
        List.of(layout.stdlib(), layout.stdlib().resolve("lib-dynload"), layout.sitePackages()),
        file -> Optional.ofNullable(owners.get(file.toAbsolutePath().normalize())));
    StartupAudit audit = spec.supplyChain().startupCodePolicy().evaluate(found);
    if (audit.refusalMessage().isPresent()) {
      throw new BuildException(audit.refusalMessage().get());
    }
    List<SupplyChainReport.StartupCode> listed = new ArrayList<>();
    for (StartupFile file : audit.files()) {
      listed.add(new SupplyChainReport.StartupCode(file.path(), file.kind().jsonName(),
          file.distribution().orElse(null),
          file.executableLines().isEmpty() ? null : file.executableLines()));
    }
    return new SupplyChainReport(listed, null, null);
  }
}
