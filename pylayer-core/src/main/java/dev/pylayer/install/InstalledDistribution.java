package dev.pylayer.install;

import dev.pylayer.wheel.CoreMetadata;
import dev.pylayer.pep.PackageName;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** What {@link WheelInstaller} installed from one wheel. */
public final class InstalledDistribution {

  // extension modules (x.cpython-311-x86_64-linux-gnu.so, x.abi3.so, x.pyd) and bundled shared
  // libraries (numpy.libs/libgfortran-....so.5.0.0)
  private static final Pattern NATIVE = Pattern.compile(".*\\.(pyd|so(\\.[0-9]+)*)$");

  private final PackageName name;
  private final String version;
  private final Path distInfoDirectory;
  private final boolean rootIsPurelib;
  private final CoreMetadata metadata;
  private final List<InstalledFile> files;
  private final List<DroppedFile> droppedFiles;
  private final List<String> topLevelNames;
  private final List<String> warnings;

  InstalledDistribution(
      PackageName name,
      String version,
      Path distInfoDirectory,
      boolean rootIsPurelib,
      CoreMetadata metadata,
      List<InstalledFile> files,
      List<DroppedFile> droppedFiles,
      List<String> topLevelNames,
      List<String> warnings) {
    this.name = Objects.requireNonNull(name, "name");
    this.version = Objects.requireNonNull(version, "version");
    this.distInfoDirectory = Objects.requireNonNull(distInfoDirectory, "distInfoDirectory");
    this.rootIsPurelib = rootIsPurelib;
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.files = List.copyOf(files);
    this.droppedFiles = List.copyOf(droppedFiles);
    this.topLevelNames = List.copyOf(topLevelNames);
    this.warnings = List.copyOf(warnings);
  }

  /** The distribution name (from the {@code .dist-info} directory), normalized. */
  public PackageName name() {
    return name;
  }

  /** The version as the {@code .dist-info} directory spells it ({@code 2.32.3}). */
  public String version() {
    return version;
  }

  /** The installed {@code <name>-<version>.dist-info} directory. */
  public Path distInfoDirectory() {
    return distInfoDirectory;
  }

  /** The wheel's {@code Root-Is-Purelib}. */
  public boolean rootIsPurelib() {
    return rootIsPurelib;
  }

  /** The parsed {@code METADATA}. */
  public CoreMetadata metadata() {
    return metadata;
  }

  /** Every file written, {@code RECORD} and {@code INSTALLER} included, sorted by RECORD path. */
  public List<InstalledFile> files() {
    return files;
  }

  /** Files of the wheel not installed by the scheme, with the reason. */
  public List<DroppedFile> droppedFiles() {
    return droppedFiles;
  }

  /** The sum of {@link #files()} sizes. */
  public long totalBytes() {
    return files.stream().mapToLong(InstalledFile::size).sum();
  }

  /**
   * Whether any installed file is native code: an extension module ({@code .so}, {@code .abi3.so},
   * {@code .pyd}) or a bundled shared library ({@code .so.N}). Such a distribution cannot be
   * imported from a zip and only runs on the platform it was built for.
   */
  public boolean hasExtensionModules() {
    return files.stream()
        .anyMatch(f -> NATIVE.matcher(f.location().getFileName().toString()).matches());
  }

  /**
   * The top-level import names: the lines of {@code top_level.txt} when the wheel has one, else the
   * packages and modules at the root of site-packages.
   */
  public List<String> topLevelNames() {
    return topLevelNames;
  }

  /** The raw {@code Requires-Dist} lines of {@code METADATA}, markers included. */
  public List<String> requiresDist() {
    return metadata.requiresDist();
  }

  /** The raw {@code Requires-Python} of {@code METADATA}, if declared. */
  public Optional<String> requiresPython() {
    return metadata.requiresPython();
  }

  /**
   * Things worth telling the user that did not stop the install (newer wheel minor version, ...).
   */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return name + " " + version + " (" + files.size() + " files, " + totalBytes() + " bytes)";
  }
}
