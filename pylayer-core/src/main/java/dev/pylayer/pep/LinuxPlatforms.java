package dev.pylayer.pep;

import java.util.ArrayList;
import java.util.List;

/**
 * The Linux platform tags a machine accepts, best first, as packaging's {@code _linux_platforms}
 * lists them: {@code linux_ARCH}, then {@code manylinux} from the glibc version down (PEP 600,
 * with the legacy {@code manylinux2014/2010/1} aliases right after {@code 2_17/2_12/2_5}), then
 * {@code musllinux} from the musl version down (PEP 656).
 */
final class LinuxPlatforms {

  // packaging assumes at most 50 minors per glibc major when stepping below a major version.
  private static final int LAST_GLIBC_MINOR = 50;

  private LinuxPlatforms() {}

  /**
   * @param arch the machine, e.g. {@code x86_64}, {@code aarch64}, {@code armv7l}
   * @param glibc the glibc version, or null for a musl-only (or glibc-less) system
   * @param musl the musl version, or null when musllinux wheels are not wanted
   * @param includeLinux whether to include the plain {@code linux_ARCH} tag; AWS Lambda cannot
   *     use such wheels (they are built for one distribution), so targets leave it out
   */
  static List<String> platforms(
      String arch, GlibcVersion glibc, MuslVersion musl, boolean includeLinux) {
    List<String> out = new ArrayList<>();
    if (includeLinux) {
      out.add("linux_" + arch);
    }
    if (glibc != null) {
      addManylinux(out, arch, glibc);
    }
    if (musl != null) {
      for (int minor = musl.minor(); minor >= 0; minor--) {
        out.add("musllinux_" + musl.major() + "_" + minor + "_" + arch);
      }
    }
    return out;
  }

  private static void addManylinux(List<String> out, String arch, GlibcVersion current) {
    // manylinux starts at glibc 2.17 (manylinux2014), except on x86, which had manylinux1 (2.5).
    boolean x86 = arch.equals("x86_64") || arch.equals("i686");
    int oldestMajor = 2;
    int tooOldMinor = x86 ? 4 : 16;
    List<GlibcVersion> maxima = new ArrayList<>();
    maxima.add(current);
    for (int major = current.major() - 1; major > 1; major--) {
      maxima.add(new GlibcVersion(major, LAST_GLIBC_MINOR));
    }
    for (GlibcVersion max : maxima) {
      int minMinor = max.major() == oldestMajor ? tooOldMinor : -1;
      for (int minor = max.minor(); minor > minMinor; minor--) {
        out.add("manylinux_" + max.major() + "_" + minor + "_" + arch);
        String legacy = legacyAlias(max.major(), minor);
        if (legacy != null) {
          out.add(legacy + "_" + arch);
        }
      }
    }
  }

  private static String legacyAlias(int major, int minor) {
    if (major != 2) {
      return null;
    }
    switch (minor) {
      case 17:
        return "manylinux2014"; // CentOS 7, PEP 599
      case 12:
        return "manylinux2010"; // CentOS 6, PEP 571
      case 5:
        return "manylinux1"; // CentOS 5, PEP 513
      default:
        return null;
    }
  }
}
