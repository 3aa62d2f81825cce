package dev.pylayer.interpreter;

import dev.pylayer.files.Sha256;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a build's interpreter comes from: a catalog entry, a user's archive on disk, or a user's
 * URL; plus what is known about it before extraction (version and python-build-standalone release,
 * parsed from the file name when it follows the PBS convention).
 *
 * <p>When the name says nothing, {@link #withDetectedVersion(InterpreterLayout)} fills the version
 * in from the extracted tree.
 */
public final class InterpreterSource {

  /** The kinds of source. */
  public enum Kind {
    /** An entry of the bundled {@link PbsCatalog}. */
    CATALOG,
    /** An archive file given by the user. */
    FILE,
    /** An archive URL given by the user, with its SHA-256. */
    URL
  }

  private final Kind kind;
  private final URI location;
  private final Optional<Path> file;
  private final Optional<String> sha256;
  private final Optional<String> version;
  private final Optional<String> release;
  private final Optional<String> arch;

  private InterpreterSource(Kind kind, URI location, Optional<Path> file, Optional<String> sha256,
      Optional<String> version, Optional<String> release, Optional<String> arch) {
    this.kind = kind;
    this.location = location;
    this.file = file;
    this.sha256 = sha256;
    this.version = version;
    this.release = release;
    this.arch = arch;
  }

  /** The interpreter of a catalog entry. */
  public static InterpreterSource of(PbsBuild build) {
    return new InterpreterSource(Kind.CATALOG, build.url(), Optional.empty(),
        Optional.of(build.sha256()), Optional.of(build.version()), Optional.of(build.release()),
        Optional.of(build.arch()));
  }

  /**
   * A local archive.
   *
   * @param sha256 the expected SHA-256, or {@code null} to trust the file as it is
   * @throws IllegalArgumentException for {@code .tar.zst} archives or a malformed sha256
   */
  public static InterpreterSource ofFile(Path archive, String sha256) {
    Objects.requireNonNull(archive, "archive");
    String name = archive.getFileName().toString();
    rejectUnsupported(name, archive.toString());
    Optional<PbsFileName> parsed = PbsFileName.parse(name);
    return new InterpreterSource(Kind.FILE, archive.toAbsolutePath().toUri(),
        Optional.of(archive),
        sha256 == null
            ? Optional.empty()
            : Optional.of(Sha256.requireValid(sha256, "sha256 of " + name)),
        parsed.map(PbsFileName::version), parsed.map(PbsFileName::release),
        parsed.map(PbsFileName::arch));
  }

  /**
   * An archive to download. A URL always needs its SHA-256: the download is only trusted if it
   * matches.
   *
   * @throws IllegalArgumentException for {@code .tar.zst} archives, a missing or malformed sha256
   */
  public static InterpreterSource ofUrl(URI url, String sha256) {
    Objects.requireNonNull(url, "url");
    String path = url.getPath() == null ? url.toString() : url.getPath();
    rejectUnsupported(path, url.toString());
    Optional<PbsFileName> parsed = PbsFileName.parse(url.getRawPath() == null
        ? url.toString() : url.getRawPath());
    return new InterpreterSource(Kind.URL, url, Optional.empty(),
        Optional.of(Sha256.requireValid(sha256, "sha256 of " + url)),
        parsed.map(PbsFileName::version), parsed.map(PbsFileName::release),
        parsed.map(PbsFileName::arch));
  }

  /**
   * This source with the version read from an extracted tree when the name did not tell: the full
   * version from the headers if present, else the minor version from {@code lib/python3.X}.
   *
   * @throws IllegalStateException if the tree's minor version contradicts the known version
   */
  public InterpreterSource withDetectedVersion(InterpreterLayout layout)
      throws java.io.IOException {
    String minor = layout.minorVersion();
    if (version.isPresent()) {
      if (!minorOf(version.get()).equals(minor)) {
        throw new IllegalStateException(describe() + " was expected to be CPython "
            + version.get() + " but the extracted tree holds python" + minor);
      }
      return this;
    }
    String detected = layout.fullVersion().filter(v -> minorOf(v).equals(minor)).orElse(minor);
    return new InterpreterSource(kind, location, file, sha256, Optional.of(detected), release,
        arch);
  }

  /**
   * Checks a local copy of this source's archive against the expected SHA-256 (for a download,
   * the fetch step has done this already).
   *
   * @return the archive's SHA-256
   * @throws IOException if the digest differs; files without an expected digest always pass
   */
  public String verify(Path archive) throws java.io.IOException {
    String actual = Sha256.of(archive);
    if (sha256.isPresent() && !sha256.get().equals(actual)) {
      throw new java.io.IOException(archive + " has sha256 " + actual + " but " + describe()
          + " expects " + sha256.get() + "; the file is damaged or is not the archive the"
          + " configuration names (re-download it or fix the sha256)");
    }
    return actual;
  }

  /** Which kind of source this is. */
  public Kind kind() {
    return kind;
  }

  /** The archive's location: its URL, or a {@code file:} URI for local archives. */
  public URI location() {
    return location;
  }

  /** The local archive, for {@link Kind#FILE} sources. */
  public Optional<Path> file() {
    return file;
  }

  /** The expected SHA-256 of the archive, lower-case hex. */
  public Optional<String> sha256() {
    return sha256;
  }

  /** The CPython version: full ({@code 3.11.14}) when known, else the minor ({@code 3.11}). */
  public Optional<String> version() {
    return version;
  }

  /** The minor version, e.g. {@code 3.11}, when known. */
  public Optional<String> minorVersion() {
    return version.map(InterpreterSource::minorOf);
  }

  /** The python-build-standalone release tag, e.g. {@code 20251031}, when known. */
  public Optional<String> release() {
    return release;
  }

  /** The machine, {@code aarch64} or {@code x86_64}, when known. */
  public Optional<String> arch() {
    return arch;
  }

  /** The archive's file name. */
  public String fileName() {
    if (file.isPresent()) {
      return file.get().getFileName().toString();
    }
    String path = location.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name;
  }

  /** A short description for messages and reports. */
  public String describe() {
    StringBuilder text = new StringBuilder("CPython ").append(version.orElse("(version unknown)"));
    arch.ifPresent(a -> text.append(' ').append(a));
    release.ifPresent(r -> text.append(" (python-build-standalone ").append(r).append(')'));
    text.append(" from ").append(kind == Kind.FILE ? file.get().toString() : location.toString());
    return text.toString();
  }

  @Override
  public String toString() {
    return describe();
  }

  private static String minorOf(String version) {
    int second = version.indexOf('.', version.indexOf('.') + 1);
    return second < 0 ? version : version.substring(0, second);
  }

  private static void rejectUnsupported(String name, String shown) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".tar.zst") || lower.endsWith(".tzst")) {
      throw new IllegalArgumentException(shown + ": .tar.zst archives need zstd, which pylayer"
          + " does not ship; choose an install_only .tar.gz build");
    }
    if (lower.endsWith(".tar.xz") || lower.endsWith(".txz")) {
      throw new IllegalArgumentException(shown + ": .tar.xz archives need xz, which pylayer"
          + " does not ship; choose an install_only .tar.gz build");
    }
  }
}
