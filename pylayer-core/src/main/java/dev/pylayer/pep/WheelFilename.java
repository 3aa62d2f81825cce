package dev.pylayer.pep;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed PEP 427 wheel filename, {@code {name}-{version}[-{build}]-{python}-{abi}-{platform}.whl},
 * validated as pypa/packaging 26.3's {@code parse_wheel_filename} does (and, stricter, requiring
 * the name to be a valid project name).
 */
public final class WheelFilename {

  private final String filename;
  private final PackageName name;
  private final Version version;
  private final BuildTag buildTag;
  private final Set<Tag> tags;

  private WheelFilename(
      String filename, PackageName name, Version version, BuildTag buildTag, Set<Tag> tags) {
    this.filename = filename;
    this.name = name;
    this.version = version;
    this.buildTag = buildTag;
    this.tags = tags;
  }

  /**
   * The wheel named {@code filename}, or empty for anything else an index lists (sdists, other
   * files, names that break PEP 427): for choosing among a project's files, where those are
   * skipped rather than errors.
   */
  public static Optional<WheelFilename> parseIfWheel(String filename) {
    if (!filename.endsWith(".whl")) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(filename));
    } catch (InvalidWheelFilenameException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a wheel file name (not a path), e.g. {@code pydantic_core-2.27.2-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl}.
   *
   * @throws InvalidWheelFilenameException naming the file and what is wrong with it
   */
  public static WheelFilename parse(String filename) {
    Objects.requireNonNull(filename, "filename");
    if (!filename.endsWith(".whl")) {
      throw new InvalidWheelFilenameException(filename, "a wheel filename must end with '.whl'");
    }
    String stem = filename.substring(0, filename.length() - 4);
    String[] parts = stem.split("-", -1);
    if (parts.length != 5 && parts.length != 6) {
      throw new InvalidWheelFilenameException(
          filename,
          "expected 5 or 6 parts separated by '-',"
              + " {name}-{version}[-{build}]-{python}-{abi}-{platform}.whl, found "
              + parts.length);
    }
    String namePart = parts[0];
    if (namePart.isEmpty() || namePart.contains("__") || !isEscapedName(namePart)) {
      throw new InvalidWheelFilenameException(
          filename, "invalid project name '" + namePart + "' (PEP 427 escapes '-' as '_')");
    }
    PackageName name;
    try {
      name = PackageName.of(namePart);
    } catch (IllegalArgumentException e) {
      throw new InvalidWheelFilenameException(filename, e.getMessage());
    }
    Version version = VersionParser.tryParse(parts[1]);
    if (version == null) {
      throw new InvalidWheelFilenameException(
          filename, "invalid version '" + parts[1] + "' (not a PEP 440 version)");
    }
    BuildTag buildTag = null;
    if (parts.length == 6) {
      try {
        buildTag = BuildTag.parse(parts[2]);
      } catch (IllegalArgumentException e) {
        throw new InvalidWheelFilenameException(filename, e.getMessage());
      }
    }
    String tagText = String.join("-", parts[parts.length - 3], parts[parts.length - 2], parts[parts.length - 1]);
    Set<Tag> tags;
    try {
      tags = Tag.parseAll(tagText);
    } catch (InvalidTagException e) {
      throw new InvalidWheelFilenameException(filename, e.getMessage());
    }
    return new WheelFilename(filename, name, version, buildTag, tags);
  }

  /** {@code [\w._]+} in Python's Unicode sense. */
  private static boolean isEscapedName(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '.' && !PyText.isWordChar(c)) {
        return false;
      }
    }
    return true;
  }

  /** The file name as given. */
  public String filename() {
    return filename;
  }

  /** The project name, normalized. */
  public PackageName name() {
    return name;
  }

  /** The version the wheel was built from. */
  public Version version() {
    return version;
  }

  /** The build tag, if the filename has one. */
  public Optional<BuildTag> buildTag() {
    return Optional.ofNullable(buildTag);
  }

  /** Every tag the wheel declares, compressed tag sets expanded. */
  public Set<Tag> tags() {
    return tags;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WheelFilename && ((WheelFilename) o).filename.equals(filename);
  }

  @Override
  public int hashCode() {
    return filename.hashCode();
  }

  @Override
  public String toString() {
    return filename;
  }
}
