package dev.pylayer.index;

import dev.pylayer.pep.PackageName;
import java.util.List;
import java.util.Locale;

/**
 * Which project a distribution filename belongs to, for find-links locations that mix projects.
 * A wheel's name is its first {@code -} field; an sdist's name is ambiguous
 * ({@code foo-bar-1.0.tar.gz}), so, as pip does, a file belongs to a project when some prefix
 * before a {@code -} normalizes to the project's name.
 */
final class DistributionFilenames {

  private static final List<String> SDIST_EXTENSIONS = List.of(
      ".tar.gz", ".zip", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar.lz", ".tlz", ".tar.lzma",
      ".tar", ".tgz");

  private DistributionFilenames() {}

  /** Whether the name ends like a wheel or an sdist. */
  static boolean isDistribution(String filename) {
    return stem(filename) != null;
  }

  static boolean belongsTo(String filename, PackageName project) {
    String lower = filename.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".whl")) {
      int dash = filename.indexOf('-');
      return dash > 0 && PackageName.normalize(filename.substring(0, dash)).equals(project.value());
    }
    String stem = stem(filename);
    if (stem == null) {
      return false;
    }
    for (int dash = stem.indexOf('-'); dash > 0; dash = stem.indexOf('-', dash + 1)) {
      if (dash + 1 < stem.length()
          && PackageName.normalize(stem.substring(0, dash)).equals(project.value())) {
        return true;
      }
    }
    return false;
  }

  private static String stem(String filename) {
    String lower = filename.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".whl")) {
      return filename.substring(0, filename.length() - 4);
    }
    for (String extension : SDIST_EXTENSIONS) {
      if (lower.endsWith(extension)) {
        return filename.substring(0, filename.length() - extension.length());
      }
    }
    return null;
  }
}
