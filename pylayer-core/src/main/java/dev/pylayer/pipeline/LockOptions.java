package dev.pylayer.pipeline;

import dev.pylayer.pep.PackageName;
import java.util.Set;

/**
 * How {@code pylayer lock} and {@code pylayer build} treat an existing lock: keep its versions
 * (the default), or let every package ({@code --upgrade}) or some ({@code --upgrade-package})
 * move to their newest versions, which re-resolves even when the lock matches the spec.
 *
 * @param upgradeAll {@code --upgrade}
 * @param upgradePackages {@code --upgrade-package NAME}, repeatable
 */
public record LockOptions(boolean upgradeAll, Set<PackageName> upgradePackages) {

  /** Keep every locked version. */
  public static final LockOptions KEEP = new LockOptions(false, Set.of());

  public LockOptions {
    upgradePackages = Set.copyOf(upgradePackages);
  }

  /** Whether anything is to be upgraded. */
  public boolean upgrades() {
    return upgradeAll || !upgradePackages.isEmpty();
  }
}
