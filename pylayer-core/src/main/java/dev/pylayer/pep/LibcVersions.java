package dev.pylayer.pep;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing shared by {@link GlibcVersion} and {@link MuslVersion}. */
final class LibcVersions {

  private static final Pattern MAJOR_MINOR = Pattern.compile("([0-9]{1,4})\\.([0-9]{1,4})");

  private LibcVersions() {}

  static int[] parse(String text, String libc, String example) {
    Matcher m = MAJOR_MINOR.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a " + libc + " version: expected MAJOR.MINOR, e.g. " + example);
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }
}
