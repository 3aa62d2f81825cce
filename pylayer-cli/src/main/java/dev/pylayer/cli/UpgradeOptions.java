package dev.pylayer.cli;

import dev.pylayer.pipeline.LockOptions;
import dev.pylayer.pep.PackageName;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --upgrade} and {@code --upgrade-package}, shared by {@code lock} and {@code build}. */
final class UpgradeOptions {

  @Option(names = {"-U", "--upgrade"},
      description = "Re-resolve every package to its newest allowed version instead of keeping"
          + " the versions in the lock.")
  boolean upgrade;

  @Option(names = {"-P", "--upgrade-package"}, paramLabel = "NAME",
      description = "Re-resolve this package to its newest allowed version, keep the rest;"
          + " repeatable.")
  List<String> upgradePackages;

  LockOptions toLockOptions() {
    Set<PackageName> names = new LinkedHashSet<>();
    if (upgradePackages != null) {
      for (String name : upgradePackages) {
        names.add(PackageName.of(name));
      }
    }
    return new LockOptions(upgrade, names);
  }
}
