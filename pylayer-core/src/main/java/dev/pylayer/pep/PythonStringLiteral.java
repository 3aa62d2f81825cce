package dev.pylayer.pep;

/**
 * The value of a quoted marker string. packaging evaluates it with Python's {@code
 * ast.literal_eval}, so backslash escapes are interpreted ({@code "\x41"} is {@code A}) and a
 * malformed escape ({@code "\x"}) or a backslash before the closing quote ({@code "C:\"}) makes
 * the marker invalid.
 */
final class PythonStringLiteral {

  private PythonStringLiteral() {}

  /**
   * Evaluates {@code quoted} (quotes included).
   *
   * @throws IllegalArgumentException if Python would reject the literal
   */
  static String evaluate(String quoted) {
    String body = quoted.substring(1, quoted.length() - 1);
    if (body.indexOf('\\') < 0) {
      checkNoLineBreakOrNul(body);
      return body;
    }
    StringBuilder sb = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        checkChar(c);
        sb.append(c);
        continue;
      }
      if (i + 1 >= body.length()) {
        // The backslash escapes the closing quote: the literal never ends.
        throw new IllegalArgumentException("unterminated string literal");
      }
      char e = body.charAt(++i);
      switch (e) {
        case '\n':
          break; // line continuation
        case '\\':
        case '\'':
        case '"':
          sb.append(e);
          break;
        case 'a':
          sb.append('\u0007');
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'v':
          sb.append('\u000b');
          break;
        case 'x':
          sb.appendCodePoint(hex(body, i + 1, 2));
          i += 2;
          break;
        case 'u':
          sb.appendCodePoint(hex(body, i + 1, 4));
          i += 4;
          break;
        case 'U':
          sb.appendCodePoint(hex(body, i + 1, 8));
          i += 8;
          break;
        case 'N':
          {
            int close = body.indexOf('}', i);
            if (i + 1 >= body.length() || body.charAt(i + 1) != '{' || close < 0) {
              throw new IllegalArgumentException("malformed \\N character escape");
            }
            try {
              sb.appendCodePoint(Character.codePointOf(body.substring(i + 2, close)));
            } catch (IllegalArgumentException unknown) {
              throw new IllegalArgumentException("unknown Unicode character name");
            }
            i = close;
            break;
          }
        default:
          if (e >= '0' && e <= '7') {
            int end = i;
            while (end < body.length() && end < i + 3 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
              end++;
            }
            sb.appendCodePoint(Integer.parseInt(body.substring(i, end), 8));
            i = end - 1;
          } else {
            checkChar(e);
            sb.append('\\').append(e); // unknown escapes stay as written
          }
      }
    }
    return sb.toString();
  }

  private static int hex(String s, int from, int digits) {
    if (from + digits > s.length()) {
      throw new IllegalArgumentException("truncated escape");
    }
    int value = 0;
    for (int i = from; i < from + digits; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0 || s.charAt(i) > 'f') {
        throw new IllegalArgumentException("truncated escape");
      }
      value = value * 16 + d;
      if (value > Character.MAX_CODE_POINT) {
        throw new IllegalArgumentException("illegal Unicode character");
      }
    }
    return value;
  }

  private static void checkNoLineBreakOrNul(String body) {
    for (int i = 0; i < body.length(); i++) {
      checkChar(body.charAt(i));
    }
  }

  private static void checkChar(char c) {
    if (c == '\n' || c == '\r') {
      throw new IllegalArgumentException("unterminated string literal");
    }
    if (c == '\0') {
      throw new IllegalArgumentException("null byte in string literal");
    }
  }
}
