package dev.pylayer.pep;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses PEP 440 versions exactly as pypa/packaging's {@code VERSION_PATTERN} does (with its
 * possessive quantifiers), but by hand: one left-to-right pass, no regular expression and no
 * backtracking, which makes parsing several times faster than a regex.
 *
 * <p>Grammar, each part optional except the release: {@code v}, {@code N!} epoch, {@code N(.N)*}
 * release, {@code [._-]?(alpha|a|beta|b|preview|pre|c|rc)[._-]?N?} pre-release, {@code -N} or
 * {@code [._-]?(post|rev|r)[._-]?N?} post-release, {@code [._-]?dev[._-]?N?} dev release, and
 * {@code +label([._-]label)*} local version, all surrounded by optional Python whitespace. Letters
 * match case-insensitively in ASCII only.
 */
final class VersionParser {

  // Alternation order matters: the first alternative that matches wins, as in the regex.
  private static final String[] PRE_WORDS = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"};
  private static final int[] PRE_KINDS = {
    Version.PRE_ALPHA,
    Version.PRE_ALPHA,
    Version.PRE_BETA,
    Version.PRE_BETA,
    Version.PRE_RC,
    Version.PRE_RC,
    Version.PRE_RC,
    Version.PRE_RC
  };
  private static final String[] POST_WORDS = {"post", "rev", "r"};

  private final String text;
  private final int end;
  private int pos;

  private VersionParser(String text, int start, int end) {
    this.text = text;
    this.pos = start;
    this.end = end;
  }

  /** Returns the version, or null when {@code input} is not a valid PEP 440 version. */
  static Version tryParse(String input) {
    Version simple = trySimple(input);
    if (simple != null) {
      return simple;
    }
    int start = 0;
    int end = input.length();
    while (start < end && PyText.isSpace(input.charAt(start))) {
      start++;
    }
    while (end > start && PyText.isSpace(input.charAt(end - 1))) {
      end--;
    }
    return new VersionParser(input, start, end).parse();
  }

  /** The fast path for the common "digits and dots" shape, e.g. {@code 1.26.4}. */
  private static Version trySimple(String input) {
    int n = input.length();
    if (n == 0) {
      return null;
    }
    int segments = 1;
    for (int i = 0; i < n; i++) {
      char c = input.charAt(i);
      if (c == '.') {
        if (i == 0 || i == n - 1 || input.charAt(i - 1) == '.') {
          return null;
        }
        segments++;
      } else if (!PyText.isAsciiDigit(c)) {
        return null;
      }
    }
    Num[] release = new Num[segments];
    int start = 0;
    for (int s = 0; s < segments; s++) {
      int stop = input.indexOf('.', start);
      if (stop < 0) {
        stop = n;
      }
      release[s] = Num.parse(input, start, stop);
      start = stop + 1;
    }
    return new Version(Num.ZERO, release, Version.PRE_NONE, null, null, null, null);
  }

  private Version parse() {
    if (pos < end && (text.charAt(pos) == 'v' || text.charAt(pos) == 'V')) {
      pos++;
    }
    Num epoch = Num.ZERO;
    int digitsEnd = scanDigits(pos);
    if (digitsEnd > pos && digitsEnd < end && text.charAt(digitsEnd) == '!') {
      epoch = Num.parse(text, pos, digitsEnd);
      pos = digitsEnd + 1;
    }
    Num[] release = parseRelease();
    if (release == null) {
      return null;
    }
    int preKind = Version.PRE_NONE;
    Num preNumber = null;
    int preStart = pos < end && isSeparator(text.charAt(pos)) ? pos + 1 : pos;
    for (int w = 0; w < PRE_WORDS.length; w++) {
      if (PyText.startsWithAsciiIgnoreCase(text, preStart, PRE_WORDS[w])) {
        preKind = PRE_KINDS[w];
        pos = preStart + PRE_WORDS[w].length();
        preNumber = optionalNumberAfterSeparator();
        break;
      }
    }
    Num post = parsePost();
    Num dev = null;
    int devStart = pos < end && isSeparator(text.charAt(pos)) ? pos + 1 : pos;
    if (PyText.startsWithAsciiIgnoreCase(text, devStart, "dev")) {
      pos = devStart + 3;
      dev = optionalNumberAfterSeparator();
    }
    Object[] local = null;
    if (pos < end && text.charAt(pos) == '+') {
      pos++;
      local = parseLocal();
      if (local == null) {
        return null;
      }
    }
    if (pos != end) {
      return null;
    }
    return new Version(epoch, release, preKind, preNumber, post, dev, local);
  }

  private Num[] parseRelease() {
    int digitsEnd = scanDigits(pos);
    if (digitsEnd == pos) {
      return null;
    }
    Num first = Num.parse(text, pos, digitsEnd);
    pos = digitsEnd;
    if (!(pos + 1 < end && text.charAt(pos) == '.' && PyText.isAsciiDigit(text.charAt(pos + 1)))) {
      return new Num[] {first};
    }
    List<Num> parts = new ArrayList<>(4);
    parts.add(first);
    while (pos + 1 < end && text.charAt(pos) == '.' && PyText.isAsciiDigit(text.charAt(pos + 1))) {
      digitsEnd = scanDigits(pos + 1);
      parts.add(Num.parse(text, pos + 1, digitsEnd));
      pos = digitsEnd;
    }
    return parts.toArray(new Num[0]);
  }

  /** {@code -N} or {@code [._-]?(post|rev|r)[._-]?N?}; null when there is no post-release. */
  private Num parsePost() {
    if (pos + 1 < end && text.charAt(pos) == '-' && PyText.isAsciiDigit(text.charAt(pos + 1))) {
      int digitsEnd = scanDigits(pos + 1);
      Num n = Num.parse(text, pos + 1, digitsEnd);
      pos = digitsEnd;
      return n;
    }
    int wordStart = pos < end && isSeparator(text.charAt(pos)) ? pos + 1 : pos;
    for (String word : POST_WORDS) {
      if (PyText.startsWithAsciiIgnoreCase(text, wordStart, word)) {
        pos = wordStart + word.length();
        // Here the separator is greedy but not possessive: taken whether or not digits follow.
        return optionalNumberAfterSeparator();
      }
    }
    return null;
  }

  /** {@code [._-]?N?} after a pre/post/dev word: the separator is always taken when present. */
  private Num optionalNumberAfterSeparator() {
    if (pos < end && isSeparator(text.charAt(pos))) {
      pos++;
    }
    int digitsEnd = scanDigits(pos);
    if (digitsEnd == pos) {
      return Num.ZERO;
    }
    Num n = Num.parse(text, pos, digitsEnd);
    pos = digitsEnd;
    return n;
  }

  /** {@code [a-z0-9]+([._-][a-z0-9]+)*}, lower-cased, numeric parts as numbers. */
  private Object[] parseLocal() {
    List<Object> parts = new ArrayList<>(2);
    int partEnd = scanAlnum(pos);
    if (partEnd == pos) {
      return null;
    }
    parts.add(localPart(pos, partEnd));
    pos = partEnd;
    while (pos + 1 < end && isSeparator(text.charAt(pos)) && PyText.isAsciiAlnum(text.charAt(pos + 1))) {
      partEnd = scanAlnum(pos + 1);
      parts.add(localPart(pos + 1, partEnd));
      pos = partEnd;
    }
    return parts.toArray();
  }

  private Object localPart(int from, int to) {
    boolean numeric = true;
    for (int i = from; i < to && numeric; i++) {
      numeric = PyText.isAsciiDigit(text.charAt(i));
    }
    if (numeric) {
      return Num.parse(text, from, to);
    }
    StringBuilder lower = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      lower.append(PyText.asciiLower(text.charAt(i)));
    }
    return lower.toString();
  }

  private int scanDigits(int from) {
    int i = from;
    while (i < end && PyText.isAsciiDigit(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private int scanAlnum(int from) {
    int i = from;
    while (i < end && PyText.isAsciiAlnum(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSeparator(char c) {
    return c == '.' || c == '_' || c == '-';
  }
}
