package dev.pylayer.pep;

import java.util.Locale;

/**
 * Python's notions of whitespace, word characters, identifiers and string order, which the
 * packaging standards inherit from the reference implementation. Java's own definitions differ
 * (e.g. {@link Character#isWhitespace} rejects U+00A0 and U+202F, which Python strips).
 */
final class PyText {

  private PyText() {}

  /** Python's {@code str.isspace()} for one UTF-16 unit (every Python space is in the BMP). */
  static boolean isSpace(char c) {
    if (c <= ' ') {
      return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
    }
    switch (c) {
      case 0x85:
      case 0xa0:
      case 0x1680:
      case 0x2028:
      case 0x2029:
      case 0x202f:
      case 0x205f:
      case 0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200a;
    }
  }

  /** Python's {@code str.strip()} with no argument. */
  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return start == 0 && end == s.length() ? s : s.substring(start, end);
  }

  /** Python's {@code \w} in a str pattern: letters, digits and numerics of any script, and '_'. */
  static boolean isWordChar(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    int type = Character.getType(c);
    return Character.isLetterOrDigit(c)
        || type == Character.OTHER_NUMBER
        || type == Character.LETTER_NUMBER;
  }

  static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiAlnum(char c) {
    return isAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /**
   * Whether {@code text} at {@code offset} starts with the lower-case ASCII {@code word},
   * ignoring ASCII case only (so the dotless 'ı' never matches 'i', as in Python's {@code (?a)}).
   */
  static boolean startsWithAsciiIgnoreCase(String text, int offset, String word) {
    if (offset + word.length() > text.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (asciiLower(text.charAt(offset + i)) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Python's {@code str.isidentifier()} (PEP 3131), close enough for wheel tag interpreters. */
  static boolean isIdentifier(String s) {
    if (s.isEmpty()) {
      return false;
    }
    int first = s.codePointAt(0);
    if (first != '_' && !Character.isUnicodeIdentifierStart(first)) {
      return false;
    }
    for (int i = Character.charCount(first); i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!Character.isUnicodeIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /** Python's {@code str.lower()} (full Unicode case mapping, locale independent). */
  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Python's string order: by code point, which differs from UTF-16 order above U+FFFF. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
