package dev.pylayer.pep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The glibc of each AWS Lambda managed runtime: the function's runtime, not the layer's Python,
 * decides which manylinux wheels can load.
 */
final class LambdaRuntimes {

  /** Amazon Linux 2. */
  static final GlibcVersion AMAZON_LINUX_2 = new GlibcVersion(2, 26);

  /** Amazon Linux 2023. */
  static final GlibcVersion AMAZON_LINUX_2023 = new GlibcVersion(2, 34);

  private static final Map<String, GlibcVersion> GLIBC_BY_RUNTIME;

  static {
    Map<String, GlibcVersion> m = new LinkedHashMap<>();
    for (String r :
        new String[] {
          "java8.al2", "java11", "java17", "python3.8", "python3.9", "python3.10", "python3.11",
          "provided.al2", "nodejs16.x", "nodejs18.x", "ruby3.2", "dotnet6"
        }) {
      m.put(r, AMAZON_LINUX_2);
    }
    for (String r :
        new String[] {
          "java21", "java25", "python3.12", "python3.13", "python3.14", "provided.al2023",
          "nodejs20.x", "nodejs22.x", "nodejs24.x", "ruby3.3", "ruby3.4", "dotnet8"
        }) {
      m.put(r, AMAZON_LINUX_2023);
    }
    GLIBC_BY_RUNTIME = Collections.unmodifiableMap(m);
  }

  private LambdaRuntimes() {}

  /**
   * The glibc of a runtime identifier such as {@code java21}.
   *
   * @throws IllegalArgumentException for an unknown runtime, listing the known ones
   */
  static GlibcVersion glibcOf(String runtime) {
    GlibcVersion glibc = GLIBC_BY_RUNTIME.get(runtime.trim().toLowerCase(Locale.ROOT));
    if (glibc == null) {
      StringJoiner al2 = new StringJoiner(", ");
      StringJoiner al2023 = new StringJoiner(", ");
      GLIBC_BY_RUNTIME.forEach((r, g) -> (g.equals(AMAZON_LINUX_2) ? al2 : al2023).add(r));
      throw new IllegalArgumentException(
          "unknown Lambda runtime '"
              + runtime
              + "'; known runtimes: "
              + al2
              + " (Amazon Linux 2, glibc 2.26); "
              + al2023
              + " (Amazon Linux 2023, glibc 2.34). For another runtime give its glibc version"
              + " instead (TargetEnvironment.of).");
    }
    return glibc;
  }

  static Map<String, GlibcVersion> all() {
    return GLIBC_BY_RUNTIME;
  }
}
