package dev.pylayer.pep;

/**
 * A glibc version such as 2.34: the newest glibc a target offers, which caps the {@code
 * manylinux_X_Y} wheels it can run (PEP 600).
 */
public record GlibcVersion(int major, int minor) implements Comparable<GlibcVersion> {

  /** @throws IllegalArgumentException if {@code major < 2} or {@code minor < 0} */
  public GlibcVersion {
    if (major < 2 || minor < 0) {
      throw new IllegalArgumentException(
          "glibc " + major + "." + minor + " is not a glibc version (expected e.g. 2.26 or 2.34)");
    }
  }

  /**
   * Parses {@code MAJOR.MINOR}, e.g. {@code 2.34}.
   *
   * @throws IllegalArgumentException if it is not two numbers
   */
  public static GlibcVersion parse(String text) {
    int[] parts = LibcVersions.parse(text, "glibc", "2.34");
    return new GlibcVersion(parts[0], parts[1]);
  }

  @Override
  public int compareTo(GlibcVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
