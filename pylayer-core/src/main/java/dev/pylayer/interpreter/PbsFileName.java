package dev.pylayer.interpreter;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a python-build-standalone asset name. Two spellings exist:
 *
 * <ul>
 *   <li>since 2022: {@code
 *       cpython-3.11.14+20251031-aarch64-unknown-linux-gnu-install_only_stripped.tar.gz}
 *   <li>before: {@code cpython-3.10.0-x86_64-unknown-linux-gnu-pgo+lto-20211017T1616.tar.zst}
 * </ul>
 */
public final class PbsFileName {

  private static final String VERSION = "(?<version>\\d+\\.\\d+\\.\\d+(?:(?:a|b|rc)\\d+)?)";
  private static final String ARCH = "(?<arch>[A-Za-z0-9_]+)";
  private static final String PLATFORM =
      "(?<platform>unknown-linux-gnu|unknown-linux-gnueabihf|unknown-linux-gnueabi"
          + "|unknown-linux-musl|apple-darwin|pc-windows-msvc(?:-shared|-static)?)";
  private static final String EXTENSION = "\\.(?<extension>tar\\.[a-z0-9]+)";
  private static final Pattern CURRENT =
      Pattern.compile("^cpython-" + VERSION + "\\+(?<release>\\d{8})-" + ARCH
          + "-" + PLATFORM + "-(?<flavor>install_only_stripped|install_only|[a-z0-9+_-]+)"
          + EXTENSION + "$");
  private static final Pattern LEGACY =
      Pattern.compile("^cpython-" + VERSION + "-" + ARCH
          + "-" + PLATFORM + "-(?<flavor>[a-z0-9+_]+)"
          + "-(?<release>\\d{8})T\\d{4}" + EXTENSION + "$");

  private final String fileName;
  private final String version;
  private final String release;
  private final String arch;
  private final String platform;
  private final String flavor;
  private final String extension;

  private PbsFileName(String fileName, Matcher match) {
    this.fileName = fileName;
    this.version = match.group("version");
    this.release = match.group("release");
    this.arch = match.group("arch");
    this.platform = match.group("platform");
    this.flavor = match.group("flavor");
    this.extension = match.group("extension");
  }

  /**
   * Parses the last path segment of a file name or URL ({@code %2B} is decoded to {@code +}).
   *
   * @return empty if the name does not follow either python-build-standalone convention
   */
  public static Optional<PbsFileName> parse(String fileNameOrUrl) {
    Objects.requireNonNull(fileNameOrUrl, "fileNameOrUrl");
    String name = fileNameOrUrl.substring(fileNameOrUrl.lastIndexOf('/') + 1);
    int query = name.indexOf('?');
    if (query >= 0) {
      name = name.substring(0, query);
    }
    name = URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
    for (Pattern pattern : new Pattern[] {CURRENT, LEGACY}) {
      Matcher match = pattern.matcher(name);
      if (match.matches()) {
        return Optional.of(new PbsFileName(name, match));
      }
    }
    return Optional.empty();
  }

  /** The decoded file name. */
  public String fileName() {
    return fileName;
  }

  /** The CPython version, e.g. {@code 3.11.14}. */
  public String version() {
    return version;
  }

  /** The minor version, e.g. {@code 3.11}. */
  public String minorVersion() {
    return version.substring(0, version.indexOf('.', version.indexOf('.') + 1));
  }

  /** The release tag (a date), e.g. {@code 20251031}. */
  public String release() {
    return release;
  }

  /** The machine, e.g. {@code aarch64} or {@code x86_64}. */
  public String arch() {
    return arch;
  }

  /** The rest of the target triple, e.g. {@code unknown-linux-gnu}. */
  public String platform() {
    return platform;
  }

  /**
   * The build flavor, e.g. {@code install_only_stripped}, {@code install_only}, {@code
   * pgo+lto-full}.
   */
  public String flavor() {
    return flavor;
  }

  /** The archive extension, e.g. {@code tar.gz} or {@code tar.zst}. */
  public String extension() {
    return extension;
  }

  /** Whether this is an install_only archive (with or without debug symbols). */
  public boolean isInstallOnly() {
    return flavor.startsWith("install_only");
  }

  /** Whether debug symbols were stripped (smaller, same behaviour). */
  public boolean isStripped() {
    return flavor.equals("install_only_stripped");
  }

  /** Whether pylayer can extract it: a gzip tarball (zstd is not supported). */
  public boolean isTarGz() {
    return extension.equals("tar.gz");
  }

  @Override
  public String toString() {
    return fileName;
  }
}
