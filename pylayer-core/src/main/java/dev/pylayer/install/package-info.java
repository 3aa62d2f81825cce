/**
 * Installing wheels without Python: {@link dev.pylayer.install.WheelInstaller} unpacks and verifies
 * wheels into an {@link dev.pylayer.install.InstallScheme} (PEP 427, the binary distribution format
 * spec); {@link dev.pylayer.wheel.CoreMetadata} and {@link dev.pylayer.install.RecordFile} read
 * the metadata files; {@link dev.pylayer.install.RequirementsFile} reads pip requirements files.
 */
package dev.pylayer.install;
