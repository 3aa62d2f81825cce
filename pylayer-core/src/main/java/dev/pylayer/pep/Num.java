package dev.pylayer.pep;

import java.math.BigInteger;

/**
 * A non-negative integer of any size, as Python's {@code int} holds version numbers. Values up to
 * 18 decimal digits live in a {@code long} (the fast path every real version takes); longer ones
 * in a {@link BigInteger}, so {@code 1.99999999999999999999999} neither overflows nor loses order.
 */
final class Num implements Comparable<Num> {

  private static final int MAX_LONG_DIGITS = 18;
  private static final Num[] SMALL = new Num[1024];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = new Num(i, null);
    }
  }

  static final Num ZERO = SMALL[0];
  private static final BigInteger LONG_LIMIT = BigInteger.TEN.pow(MAX_LONG_DIGITS);

  private final long value;
  private final BigInteger big; // non-null exactly when the value is 10^18 or more

  private Num(long value, BigInteger big) {
    this.value = value;
    this.big = big;
  }

  static Num of(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    return value < SMALL.length ? SMALL[(int) value] : new Num(value, null);
  }

  /** Parses the ASCII digits {@code text[from, to)}; leading zeros are allowed and dropped. */
  static Num parse(CharSequence text, int from, int to) {
    while (from < to - 1 && text.charAt(from) == '0') {
      from++;
    }
    if (to - from <= MAX_LONG_DIGITS) {
      long v = 0;
      for (int i = from; i < to; i++) {
        v = v * 10 + (text.charAt(i) - '0');
      }
      return of(v);
    }
    return new Num(-1, new BigInteger(text.subSequence(from, to).toString()));
  }

  static Num of(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    return value.compareTo(LONG_LIMIT) < 0 ? of(value.longValueExact()) : new Num(-1, value);
  }

  boolean isZero() {
    return big == null && value == 0;
  }

  Num plusOne() {
    if (big == null && value < 999_999_999_999_999_999L) {
      return of(value + 1);
    }
    return of(toBigInteger().add(BigInteger.ONE));
  }

  BigInteger toBigInteger() {
    return big != null ? big : BigInteger.valueOf(value);
  }

  @Override
  public int compareTo(Num other) {
    if (big == null && other.big == null) {
      return Long.compare(value, other.value);
    }
    if (big == null) {
      return -1; // every big value has more than 18 digits
    }
    if (other.big == null) {
      return 1;
    }
    return big.compareTo(other.big);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Num && compareTo((Num) o) == 0;
  }

  @Override
  public int hashCode() {
    return big == null ? Long.hashCode(value) : big.hashCode();
  }

  @Override
  public String toString() {
    return big == null ? Long.toString(value) : big.toString();
  }
}
