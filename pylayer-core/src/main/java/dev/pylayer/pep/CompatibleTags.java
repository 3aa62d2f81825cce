package dev.pylayer.pep;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered tag lists of packaging's {@code cpython_tags} and {@code compatible_tags}, whose
 * concatenation is {@code sys_tags()} for a CPython interpreter: the most specific tag first.
 */
final class CompatibleTags {

  private CompatibleTags() {}

  /**
   * {@code cpXY-<abi>-<platform>} for each ABI, then {@code abi3} (or {@code abi3t} for a
   * free-threaded ABI), then {@code none}, then {@code abi3} of every older minor down to 3.2.
   */
  static List<Tag> cpythonTags(int major, int minor, List<String> abis, List<String> platforms) {
    String interpreter = "cp" + major + minor;
    List<String> specific = new ArrayList<>(abis);
    boolean threaded = isFreeThreaded(specific);
    specific.remove("abi3");
    specific.remove("none");
    if (threaded) {
      specific.remove("abi3t");
    }
    List<Tag> out = new ArrayList<>();
    for (String abi : specific) {
      for (String platform : platforms) {
        out.add(Tag.of(interpreter, abi, platform));
      }
    }
    // PEP 384's stable ABI exists since 3.2; free-threaded builds use abi3t (PEP 803) instead.
    boolean stableAbi = major > 3 || (major == 3 && minor >= 2);
    String stable = threaded ? "abi3t" : "abi3";
    if (stableAbi) {
      for (String platform : platforms) {
        out.add(Tag.of(interpreter, stable, platform));
      }
    }
    for (String platform : platforms) {
      out.add(Tag.of(interpreter, "none", platform));
    }
    if (stableAbi) {
      for (int older = minor - 1; older > 1; older--) {
        for (String platform : platforms) {
          out.add(Tag.of("cp" + major + older, stable, platform));
        }
      }
    }
    return out;
  }

  /** Whether the first ABI is a free-threaded CPython ABI such as {@code cp313t}. */
  private static boolean isFreeThreaded(List<String> abis) {
    if (abis.isEmpty() || !abis.get(0).startsWith("cp")) {
      return false;
    }
    String abi = abis.get(0);
    int i = 2;
    while (i < abi.length() && PyText.isAsciiDigit(abi.charAt(i))) {
      i++;
    }
    return i > 2 && abi.indexOf('t', i) >= 0;
  }

  /**
   * {@code py*-none-<platform>} from the newest Python down, then {@code <interpreter>-none-any},
   * then {@code py*-none-any}, where {@code py*} is {@code pyXY}, {@code pyX}, {@code pyX(Y-1)}
   * ... {@code pyX0}.
   */
  static List<Tag> compatibleTags(int major, int minor, String interpreter, List<String> platforms) {
    List<String> versions = new ArrayList<>();
    versions.add("py" + major + minor);
    versions.add("py" + major);
    for (int older = minor - 1; older >= 0; older--) {
      versions.add("py" + major + older);
    }
    List<Tag> out = new ArrayList<>();
    for (String version : versions) {
      for (String platform : platforms) {
        out.add(Tag.of(version, "none", platform));
      }
    }
    if (interpreter != null) {
      out.add(Tag.of(interpreter, "none", "any"));
    }
    for (String version : versions) {
      out.add(Tag.of(version, "none", "any"));
    }
    return out;
  }
}
