package dev.pylayer.pipeline;

import dev.pylayer.install.InstalledDistribution;

/**
 * A wheel installed into the layer.
 *
 * @param wheel what was planned
 * @param sha256 the verified sha256 of the file installed
 * @param distribution what the installer wrote
 */
public record InstalledPackage(PlannedWheel wheel, String sha256,
    InstalledDistribution distribution) {}
