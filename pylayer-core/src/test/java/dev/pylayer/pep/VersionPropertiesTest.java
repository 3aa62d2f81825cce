package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of version ordering over many generated versions (seeded, so failures reproduce). */
class VersionPropertiesTest {

  private static final long SEED = 20260101L;
  private static final String[] PRE = {"a", "alpha", "A", "b", "beta", "c", "rc", "pre", "preview", "RC"};
  private static final String[] POST = {"post", "rev", "r", "POST"};
  private static final String[] SEP = {"", ".", "-", "_"};

  private final Random random = new Random(SEED);

  /** A random valid spelling: varied separators, case, leading zeros, huge numbers, locals. */
  private String randomVersion() {
    StringBuilder sb = new StringBuilder();
    if (random.nextInt(10) == 0) {
      sb.append('v');
    }
    if (random.nextInt(8) == 0) {
      sb.append(number()).append('!');
    }
    int segments = 1 + random.nextInt(4);
    for (int i = 0; i < segments; i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(number());
    }
    if (random.nextInt(3) == 0) {
      sb.append(pick(SEP)).append(pick(PRE));
      if (random.nextBoolean()) {
        sb.append(pick(SEP)).append(number());
      }
    }
    if (random.nextInt(4) == 0) {
      if (random.nextBoolean()) {
        sb.append('-').append(number());
      } else {
        sb.append(pick(SEP)).append(pick(POST)).append(number());
      }
    }
    if (random.nextInt(4) == 0) {
      sb.append(pick(SEP)).append(random.nextBoolean() ? "dev" : "DEV");
      if (random.nextBoolean()) {
        sb.append(number());
      }
    }
    if (random.nextInt(5) == 0) {
      sb.append('+');
      int parts = 1 + random.nextInt(3);
      for (int i = 0; i < parts; i++) {
        if (i > 0) {
          sb.append(pick(new String[] {".", "-", "_"}));
        }
        sb.append(random.nextBoolean() ? number() : pick(new String[] {"abc", "Ubuntu", "x1", "deadbeef"}));
      }
    }
    return sb.toString();
  }

  private String number() {
    switch (random.nextInt(12)) {
      case 0:
        return "0";
      case 1:
        return "00" + random.nextInt(10); // leading zeros
      case 2:
        return new BigInteger(80 + random.nextInt(40), random).toString(); // beyond long
      case 3:
        return Long.toString(Long.MAX_VALUE - random.nextInt(3)); // around the long boundary
      default:
        return Integer.toString(random.nextInt(random.nextBoolean() ? 3 : 30));
    }
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  private List<Version> versions(int n) {
    List<Version> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String text = randomVersion();
      out.add(Version.parse(text));
    }
    return out;
  }

  @Test
  void orderingIsAntisymmetricAndConsistentWithEquals() {
    List<Version> vs = versions(600);
    for (Version a : vs) {
      for (Version b : vs) {
        int ab = Integer.signum(a.compareTo(b));
        assertThat(Integer.signum(b.compareTo(a))).as("%s vs %s", a, b).isEqualTo(-ab);
        assertThat(a.equals(b)).as("%s equals %s", a, b).isEqualTo(ab == 0);
        if (ab == 0) {
          assertThat(a.hashCode()).as("hash of %s and %s", a, b).isEqualTo(b.hashCode());
        }
      }
    }
  }

  @Test
  void orderingIsTransitive() {
    List<Version> vs = versions(3000);
    for (int i = 0; i < 200_000; i++) {
      Version a = vs.get(random.nextInt(vs.size()));
      Version b = vs.get(random.nextInt(vs.size()));
      Version c = vs.get(random.nextInt(vs.size()));
      if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
        assertThat(a.compareTo(c)).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
      }
      if (a.compareTo(b) < 0 && b.compareTo(c) <= 0) {
        assertThat(a.compareTo(c)).as("%s < %s <= %s", a, b, c).isLessThan(0);
      }
    }
  }

  @Test
  void normalizedFormRoundTrips() {
    for (int i = 0; i < 20_000; i++) {
      String text = randomVersion();
      Version v = Version.parse(text);
      Version again = Version.parse(v.toString());
      assertThat(again).as(text).isEqualTo(v);
      assertThat(again.compareTo(v)).as(text).isZero();
      assertThat(again.hashCode()).as(text).isEqualTo(v.hashCode());
      assertThat(again.toString()).as(text).isEqualTo(v.toString());
    }
  }

  @Test
  void trailingZerosDoNotChangeIdentity() {
    for (int i = 0; i < 5_000; i++) {
      Version v = Version.parse(randomVersion());
      String base = v.baseVersion().toString();
      String withZeros = v.toString().replaceFirst(java.util.regex.Pattern.quote(base), base + ".0.0");
      Version padded = Version.parse(withZeros);
      assertThat(padded).as(withZeros).isEqualTo(v);
      assertThat(padded.hashCode()).as(withZeros).isEqualTo(v.hashCode());
    }
  }

  @Test
  void hugeReleaseNumbersCompareNumerically() {
    for (int i = 0; i < 5_000; i++) {
      BigInteger x = new BigInteger(1 + random.nextInt(120), random);
      BigInteger y = random.nextInt(4) == 0 ? x : new BigInteger(1 + random.nextInt(120), random);
      Version vx = Version.parse("1." + x + ".post" + y);
      Version vy = Version.parse("1." + y + ".post" + x);
      assertThat(Integer.signum(vx.compareTo(vy))).isEqualTo(Integer.signum(x.compareTo(y)));
      assertThat(vx.release().get(1)).isEqualTo(x);
      assertThat(vx.post()).contains(y);
    }
  }
}
