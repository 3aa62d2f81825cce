package dev.pylayer.interpreter;

import dev.pylayer.files.Sha256;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** One python-build-standalone asset of the catalog: a CPython version built for one machine. */
public final class PbsBuild {

  private final String version;
  private final String arch;
  private final String release;
  private final URI url;
  private final String sha256;
  private final Optional<PbsFileName> fileName;

  private PbsBuild(String version, String arch, String release, URI url, String sha256) {
    this.version = version;
    this.arch = arch;
    this.release = release;
    this.url = url;
    this.sha256 = sha256;
    this.fileName = PbsFileName.parse(url.getRawPath());
  }

  /**
   * Creates a catalog entry.
   *
   * @throws IllegalArgumentException if {@code sha256} is not 64 hex digits
   */
  public static PbsBuild of(String version, String arch, String release, URI url, String sha256) {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(url, "url");
    return new PbsBuild(
        version, arch, release, url, Sha256.requireValid(sha256, "sha256 of " + url));
  }

  /** The CPython version, e.g. {@code 3.11.14}. */
  public String version() {
    return version;
  }

  /** The minor version, e.g. {@code 3.11}. */
  public String minorVersion() {
    int second = version.indexOf('.', version.indexOf('.') + 1);
    return second < 0 ? version : version.substring(0, second);
  }

  /** The python-build-standalone machine name: {@code aarch64} or {@code x86_64}. */
  public String arch() {
    return arch;
  }

  /** The release tag, a date such as {@code 20251031}. */
  public String release() {
    return release;
  }

  /** Where the asset is published. */
  public URI url() {
    return url;
  }

  /** The asset's SHA-256, lower-case hex. */
  public String sha256() {
    return sha256;
  }

  /** The asset's file name, decoded ({@code +} rather than {@code %2B}). */
  public String fileName() {
    return fileName.map(PbsFileName::fileName).orElseGet(() -> {
      String path = url.getPath();
      return path.substring(path.lastIndexOf('/') + 1);
    });
  }

  /** The parsed file name, if it follows a known python-build-standalone convention. */
  public Optional<PbsFileName> parsedFileName() {
    return fileName;
  }

  /** Whether pylayer can use this asset: an install_only {@code .tar.gz}. */
  public boolean isSupported() {
    return fileName.map(name -> name.isTarGz() && name.isInstallOnly()).orElse(false);
  }

  /** Whether this asset has its debug symbols stripped (preferred: same behaviour, smaller). */
  public boolean isStripped() {
    return fileName.map(PbsFileName::isStripped).orElse(false);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PbsBuild && ((PbsBuild) o).url.equals(url)
        && ((PbsBuild) o).sha256.equals(sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, sha256);
  }

  @Override
  public String toString() {
    return "CPython " + version + " " + arch + " (python-build-standalone " + release + ", "
        + fileName() + ")";
  }
}
