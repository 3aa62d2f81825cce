package dev.pylayer.pep;

/** A musl libc version such as 1.2, which caps the {@code musllinux_X_Y} wheels a target can run (PEP 656). */
public record MuslVersion(int major, int minor) implements Comparable<MuslVersion> {

  /** @throws IllegalArgumentException if {@code major < 1} or {@code minor < 0} */
  public MuslVersion {
    if (major < 1 || minor < 0) {
      throw new IllegalArgumentException(
          "musl " + major + "." + minor + " is not a musl version (expected e.g. 1.2)");
    }
  }

  /**
   * Parses {@code MAJOR.MINOR}, e.g. {@code 1.2}.
   *
   * @throws IllegalArgumentException if it is not two numbers
   */
  public static MuslVersion parse(String text) {
    int[] parts = LibcVersions.parse(text, "musl", "1.2");
    return new MuslVersion(parts[0], parts[1]);
  }

  @Override
  public int compareTo(MuslVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
