package dev.pylayer.pep;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The optional build tag of a wheel filename ({@code 1} in {@code foo-1.0-1-py3-none-any.whl}):
 * a number and the text after it. Build tags order by number, then text, as pip sorts them; a
 * higher build of the same version is preferred.
 */
public final class BuildTag implements Comparable<BuildTag> {

  private final BigInteger number;
  private final String suffix;

  private BuildTag(BigInteger number, String suffix) {
    this.number = number;
    this.suffix = suffix;
  }

  /**
   * Parses a build tag; it must start with a digit.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static BuildTag parse(String tag) {
    int i = 0;
    while (i < tag.length() && PyText.isAsciiDigit(tag.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException(
          "build tag '" + tag + "' must start with a digit (PEP 427), e.g. '1' or '2b'");
    }
    return new BuildTag(new BigInteger(tag.substring(0, i)), tag.substring(i));
  }

  /** The leading number. */
  public BigInteger number() {
    return number;
  }

  /** The text after the number, often empty. */
  public String suffix() {
    return suffix;
  }

  @Override
  public int compareTo(BuildTag o) {
    int c = number.compareTo(o.number);
    return c != 0 ? c : PyText.compareCodePoints(suffix, o.suffix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BuildTag
        && number.equals(((BuildTag) o).number)
        && suffix.equals(((BuildTag) o).suffix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(number, suffix);
  }

  /** The number (without leading zeros) and the suffix. */
  @Override
  public String toString() {
    return number + suffix;
  }
}
