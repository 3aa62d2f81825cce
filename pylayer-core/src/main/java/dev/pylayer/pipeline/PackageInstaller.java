package dev.pylayer.pipeline;

import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HashMismatchException;
import dev.pylayer.files.Sha256;
import dev.pylayer.install.InstallScheme;
import dev.pylayer.install.WheelInstallException;
import dev.pylayer.install.WheelInstaller;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 3 of the pipeline: downloads each planned wheel into the cache, verified by its sha256
 * before use (a local find-links file with no known hash is hashed here and the hash recorded),
 * and installs it into the layer's site-packages per PEP 427.
 */
final class PackageInstaller {

  private final BuildContext context;

  PackageInstaller(BuildContext context) {
    this.context = context;
  }

  List<InstalledPackage> install(PackagePlan plan, Path sitePackages) throws IOException {
    return install(plan, sitePackages, SupplyChainOptions.DEFAULTS);
  }

  List<InstalledPackage> install(PackagePlan plan, Path sitePackages, SupplyChainOptions options)
      throws IOException {
    DownloadCache cache = context.downloadCache();
    WheelInstaller installer = WheelInstaller.create(InstallScheme.sitePackagesOnly(sitePackages))
        .withLimits(options.unpackLimits());
    List<InstalledPackage> installed = new ArrayList<>();
    for (PlannedWheel wheel : plan.wheels()) {
      String sha256 = expectedSha256(wheel);
      // The cache hands back a blob verified to have exactly this hash: no need to hash again.
      Path file = fetch(cache, wheel, sha256);
      try {
        installed.add(new InstalledPackage(wheel, sha256, installer.install(file)));
      } catch (WheelInstallException e) {
        throw new BuildException(wheel.filename() + " (" + wheel.origin() + ") cannot be"
            + " installed: " + e.getMessage(), e);
      }
    }
    return installed;
  }

  /** The hash the wheel must have: the pinned or locked one, or a local file's own. */
  private static String expectedSha256(PlannedWheel wheel) throws IOException {
    if (wheel.sha256().isEmpty()) {
      // Only local find-links files get here: hash what is on disk and record it.
      return Sha256.of(Path.of(wheel.url()));
    }
    if (wheel.sha256().size() == 1 || !wheel.isLocal()) {
      return wheel.sha256().get(0);
    }
    String actual = Sha256.of(Path.of(wheel.url()));
    if (!wheel.sha256().contains(actual)) {
      throw new BuildException(wheel.filename() + " has sha256 " + actual + ", none of the"
          + " hashes pinned at " + wheel.origin() + ": the file changed; check it and update"
          + " the pin");
    }
    return actual;
  }

  private Path fetch(DownloadCache cache, PlannedWheel wheel, String expected)
      throws IOException {
    try {
      return cache.fetch(wheel.url(), expected,
          (what, done, total) -> context.listener().progress(wheel.filename(), done, total));
    } catch (HashMismatchException e) {
      throw new BuildException(wheel.filename() + " (" + wheel.origin() + "): " + e.getMessage()
          + "; nothing was installed from it. The index or file changed since it was pinned:"
          + " check the source, then update the hash (or run pylayer lock --upgrade-package "
          + wheel.name() + ")", e);
    }
  }
}
