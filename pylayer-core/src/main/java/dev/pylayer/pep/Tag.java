package dev.pylayer.pep;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A PEP 425 compatibility tag: interpreter, ABI and platform, e.g. {@code cp311-abi3-manylinux_2_17_aarch64}.
 * All three parts are lower-cased, as packaging does.
 */
public final class Tag {

  private final String interpreter;
  private final String abi;
  private final String platform;
  private final int hash;

  private Tag(String interpreter, String abi, String platform) {
    this.interpreter = interpreter;
    this.abi = abi;
    this.platform = platform;
    this.hash = Objects.hash(interpreter, abi, platform);
  }

  /**
   * The tag of the three parts, lower-cased.
   *
   * @throws IllegalArgumentException if a part is empty or contains '-'
   */
  public static Tag of(String interpreter, String abi, String platform) {
    return new Tag(part(interpreter, "interpreter"), part(abi, "abi"), part(platform, "platform"));
  }

  private static String part(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || value.indexOf('-') >= 0) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a valid " + what + " tag: it must be non-empty and contain no '-'");
    }
    return PyText.lower(value);
  }

  /**
   * Expands a tag as found in a wheel filename, where each part may be a dot-separated set:
   * {@code py2.py3-none-any} gives {@code py2-none-any} and {@code py3-none-any}.
   *
   * @throws InvalidTagException if there are not exactly three parts, a part is empty, or an
   *     interpreter is not an identifier (packaging 26.3's rules)
   */
  public static Set<Tag> parseAll(String tag) {
    Objects.requireNonNull(tag, "tag");
    String[] components = tag.split("-", -1);
    String[][] parts = new String[components.length][];
    for (int i = 0; i < components.length; i++) {
      parts[i] = components[i].split("\\.", -1);
      for (String p : parts[i]) {
        if (p.isEmpty()) {
          throw new InvalidTagException(
              "'" + tag + "' is not a valid tag: the part '" + components[i] + "' has an empty component");
        }
      }
    }
    if (components.length != 3) {
      throw new InvalidTagException(
          "'"
              + tag
              + "' is not a valid tag: expected exactly three parts, interpreter-abi-platform (e.g."
              + " py3-none-any)");
    }
    for (String interpreter : parts[0]) {
      if (!PyText.isIdentifier(interpreter)) {
        throw new InvalidTagException(
            "'"
                + tag
                + "' is not a valid tag: '"
                + interpreter
                + "' is not an interpreter name (e.g. py3, cp311)");
      }
    }
    Set<Tag> out = new LinkedHashSet<>();
    for (String interpreter : parts[0]) {
      for (String abi : parts[1]) {
        for (String platform : parts[2]) {
          out.add(new Tag(PyText.lower(interpreter), PyText.lower(abi), PyText.lower(platform)));
        }
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** The interpreter part, e.g. {@code cp311} or {@code py3}. */
  public String interpreter() {
    return interpreter;
  }

  /** The ABI part, e.g. {@code cp311}, {@code abi3} or {@code none}. */
  public String abi() {
    return abi;
  }

  /** The platform part, e.g. {@code manylinux_2_17_x86_64} or {@code any}. */
  public String platform() {
    return platform;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Tag)) {
      return false;
    }
    Tag t = (Tag) o;
    return hash == t.hash
        && platform.equals(t.platform)
        && abi.equals(t.abi)
        && interpreter.equals(t.interpreter);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** {@code interpreter-abi-platform}. */
  @Override
  public String toString() {
    return interpreter + "-" + abi + "-" + platform;
  }
}
