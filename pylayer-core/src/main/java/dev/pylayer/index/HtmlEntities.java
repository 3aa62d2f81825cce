package dev.pylayer.index;

import java.util.Map;

/**
 * Decodes HTML character references in attribute values and text: numeric ({@code &#62;},
 * {@code &#x3e;}) and the named ones that occur in package index pages. Like browsers, the
 * legacy names {@code amp lt gt quot} are also recognized without their semicolon; anything
 * unknown is left as written.
 */
final class HtmlEntities {

  private static final Map<String, String> NAMED = Map.ofEntries(
      Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"),
      Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", "\u00a0"),
      Map.entry("excl", "!"), Map.entry("num", "#"), Map.entry("dollar", "$"),
      Map.entry("percnt", "%"), Map.entry("lpar", "("), Map.entry("rpar", ")"),
      Map.entry("ast", "*"), Map.entry("plus", "+"), Map.entry("comma", ","),
      Map.entry("period", "."), Map.entry("sol", "/"), Map.entry("colon", ":"),
      Map.entry("semi", ";"), Map.entry("equals", "="), Map.entry("quest", "?"),
      Map.entry("commat", "@"), Map.entry("lsqb", "["), Map.entry("rsqb", "]"),
      Map.entry("bsol", "\\"), Map.entry("lowbar", "_"), Map.entry("grave", "`"),
      Map.entry("lcub", "{"), Map.entry("rcub", "}"), Map.entry("verbar", "|"),
      Map.entry("tilde", "~"), Map.entry("hyphen", "\u2010"), Map.entry("ne", "\u2260"),
      Map.entry("le", "\u2264"), Map.entry("ge", "\u2265"));

  private static final Map<String, String> LEGACY_WITHOUT_SEMICOLON =
      Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"");

  private HtmlEntities() {}

  static String unescape(String text) {
    int amp = text.indexOf('&');
    if (amp < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, amp);
    int i = amp;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int consumed = decodeAt(text, i, out);
      if (consumed == 0) {
        out.append('&');
        i++;
      } else {
        i += consumed;
      }
    }
    return out.toString();
  }

  /** Decodes the reference at {@code start} into {@code out}; returns its length, 0 if none. */
  private static int decodeAt(String text, int start, StringBuilder out) {
    int i = start + 1;
    if (i < text.length() && text.charAt(i) == '#') {
      i++;
      boolean hex = i < text.length() && (text.charAt(i) == 'x' || text.charAt(i) == 'X');
      if (hex) {
        i++;
      }
      int digitsStart = i;
      while (i < text.length() && Character.digit(text.charAt(i), hex ? 16 : 10) >= 0) {
        i++;
      }
      if (i == digitsStart || i - digitsStart > 8) {
        return 0;
      }
      int codePoint = Integer.parseInt(text.substring(digitsStart, i), hex ? 16 : 10);
      if (!Character.isValidCodePoint(codePoint) || codePoint == 0) {
        codePoint = 0xfffd;
      }
      out.appendCodePoint(codePoint);
      if (i < text.length() && text.charAt(i) == ';') {
        i++;
      }
      return i - start;
    }
    int nameStart = i;
    while (i < text.length() && Character.isLetterOrDigit(text.charAt(i)) && i - nameStart < 10) {
      i++;
    }
    String name = text.substring(nameStart, i);
    if (i < text.length() && text.charAt(i) == ';' && NAMED.containsKey(name)) {
      out.append(NAMED.get(name));
      return i + 1 - start;
    }
    for (Map.Entry<String, String> legacy : LEGACY_WITHOUT_SEMICOLON.entrySet()) {
      if (name.startsWith(legacy.getKey())) {
        out.append(legacy.getValue());
        return 1 + legacy.getKey().length();
      }
    }
    return 0;
  }
}
