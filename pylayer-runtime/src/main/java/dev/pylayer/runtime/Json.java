package dev.pylayer.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer over plain JDK types, so that pylayer-runtime needs no JSON library
 * on a Lambda cold start (see bench/README-runtime.md for what jackson-databind would cost instead).
 *
 * <p>Values map as follows: object ↔ {@link Map} (insertion-ordered {@link LinkedHashMap} when read),
 * array ↔ {@link List} (also any {@link Iterable} or array when written), string ↔ {@link String},
 * number ↔ {@link Long} for integers that fit, {@link BigInteger} for larger ones, {@link Double}
 * otherwise (any {@link Number} when written), true/false ↔ {@link Boolean}, null ↔ {@code null}.
 * Python's {@code NaN}, {@code Infinity} and {@code -Infinity} are accepted when read because
 * Python's {@code json} module writes them.
 *
 * <p>Public for Lambda handlers: a {@code RequestStreamHandler} that reads its event and writes its
 * answer with these methods skips the Lambda runtime's POJO serialization, whose init (a shaded
 * Jackson) costs hundreds of milliseconds of CPU that a small function shares with the worker's
 * import (examples/java-lambda, bench/README-layer.md).
 */
public final class Json {

  private Json() {}

  /**
   * Parses one JSON document.
   *
   * @throws IllegalArgumentException naming the offset and the problem when {@code text} is not JSON
   */
  public static Object parse(CharSequence text) {
    Reader reader = new Reader(text);
    Object value = reader.readValue();
    reader.expectEnd();
    return value;
  }

  /**
   * Parses a JSON object.
   *
   * @throws IllegalArgumentException when {@code text} is not JSON or not an object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(CharSequence text) {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(
          "expected a JSON object but got " + typeName(value) + ": " + abbreviate(text));
    }
    return (Map<String, Object>) value;
  }

  /**
   * Writes {@code value} as compact JSON.
   *
   * @throws IllegalArgumentException when the value holds something JSON cannot represent (the
   *     message names where: e.g. {@code $.tools[0].parameters})
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder(128);
    write(value, out);
    return out.toString();
  }

  /** Appends {@code value} as compact JSON to {@code out}. */
  static void write(Object value, StringBuilder out) {
    Writer.write(value, out);
  }

  static String typeName(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return value.getClass().getName();
  }

  private static String abbreviate(CharSequence text) {
    return text.length() <= 80 ? text.toString() : text.subSequence(0, 77) + "...";
  }

  /** A recursive-descent reader; package-private so the protocol decoder can capture spans. */
  static final class Reader {
    private static final int MAX_DEPTH = 512;

    private final CharSequence text;
    private final int length;
    private int pos;
    private int depth;

    Reader(CharSequence text) {
      this.text = text;
      this.length = text.length();
    }

    int position() {
      return pos;
    }

    /** Reads one value starting at the current position (after whitespace). */
    Object readValue() {
      skipWhitespace();
      if (pos >= length) {
        throw error("unexpected end of input, expected a value");
      }
      char c = text.charAt(pos);
      switch (c) {
        case '{':
          return readObject();
        case '[':
          return readArray();
        case '"':
          return readString();
        case 't':
          expectWord("true");
          return Boolean.TRUE;
        case 'f':
          expectWord("false");
          return Boolean.FALSE;
        case 'n':
          expectWord("null");
          return null;
        case 'N':
          expectWord("NaN");
          return Double.NaN;
        case 'I':
          expectWord("Infinity");
          return Double.POSITIVE_INFINITY;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return readNumber();
          }
          throw error("unexpected character '" + printable(c) + "', expected a value");
      }
    }

    /** Skips whitespace and returns whether the next character is {@code c} (without consuming). */
    boolean peek(char c) {
      skipWhitespace();
      return pos < length && text.charAt(pos) == c;
    }

    /** Skips whitespace and consumes {@code c} if it comes next. */
    boolean consume(char c) {
      if (peek(c)) {
        pos++;
        return true;
      }
      return false;
    }

    void expect(char c) {
      skipWhitespace();
      if (pos >= length || text.charAt(pos) != c) {
        throw error(
            "expected '"
                + c
                + "' but found "
                + (pos >= length ? "end of input" : "'" + printable(text.charAt(pos)) + "'"));
      }
      pos++;
    }

    void expectEnd() {
      skipWhitespace();
      if (pos < length) {
        throw error("unexpected '" + printable(text.charAt(pos)) + "' after the JSON value");
      }
    }

    private Map<String, Object> readObject() {
      enter();
      pos++; // '{'
      Map<String, Object> map = new LinkedHashMap<>();
      if (peek('}')) {
        pos++;
        depth--;
        return map;
      }
      while (true) {
        skipWhitespace();
        if (pos >= length || text.charAt(pos) != '"') {
          throw error("expected a string as object key");
        }
        String key = readString();
        expect(':');
        map.put(key, readValue());
        skipWhitespace();
        if (pos < length && text.charAt(pos) == ',') {
          pos++;
          continue;
        }
        expect('}');
        depth--;
        return map;
      }
    }

    private List<Object> readArray() {
      enter();
      pos++; // '['
      List<Object> list = new ArrayList<>();
      if (peek(']')) {
        pos++;
        depth--;
        return list;
      }
      while (true) {
        list.add(readValue());
        skipWhitespace();
        if (pos < length && text.charAt(pos) == ',') {
          pos++;
          continue;
        }
        expect(']');
        depth--;
        return list;
      }
    }

    String readString() {
      pos++; // opening quote
      int start = pos;
      // Fast path: no escapes.
      while (pos < length) {
        char c = text.charAt(pos);
        if (c == '"') {
          String s = text.subSequence(start, pos).toString();
          pos++;
          return s;
        }
        if (c == '\\') {
          break;
        }
        if (c < 0x20) {
          throw error("control character U+" + hex4(c) + " in string");
        }
        pos++;
      }
      StringBuilder sb = new StringBuilder(pos - start + 16);
      sb.append(text, start, pos);
      while (pos < length) {
        char c = text.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c < 0x20) {
          pos--;
          throw error("control character U+" + hex4(c) + " in string");
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (pos >= length) {
          break;
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '"':
          case '\\':
          case '/':
            sb.append(e);
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
          case 'u':
            if (pos + 4 > length) {
              throw error("truncated \\u escape");
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int digit = Character.digit(text.charAt(pos++), 16);
              if (digit < 0) {
                throw error("invalid \\u escape");
              }
              code = code * 16 + digit;
            }
            sb.append((char) code);
            break;
          default:
            pos--;
            throw error("invalid escape '\\" + printable(e) + "'");
        }
      }
      throw error("unterminated string");
    }

    private Object readNumber() {
      int start = pos;
      if (text.charAt(pos) == '-') {
        pos++;
        if (pos < length && text.charAt(pos) == 'I') {
          expectWord("Infinity");
          return Double.NEGATIVE_INFINITY;
        }
      }
      int intStart = pos;
      while (pos < length && isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == intStart) {
        throw error("expected a digit");
      }
      if (text.charAt(intStart) == '0' && pos - intStart > 1) {
        throw error("leading zero in number");
      }
      boolean integral = true;
      if (pos < length && text.charAt(pos) == '.') {
        integral = false;
        pos++;
        int fracStart = pos;
        while (pos < length && isDigit(text.charAt(pos))) {
          pos++;
        }
        if (pos == fracStart) {
          throw error("expected a digit after '.'");
        }
      }
      if (pos < length && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
        integral = false;
        pos++;
        if (pos < length && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
          pos++;
        }
        int expStart = pos;
        while (pos < length && isDigit(text.charAt(pos))) {
          pos++;
        }
        if (pos == expStart) {
          throw error("expected a digit in the exponent");
        }
      }
      String number = text.subSequence(start, pos).toString();
      if (!integral) {
        return Double.parseDouble(number);
      }
      if (pos - intStart <= 18) {
        return Long.parseLong(number);
      }
      BigInteger big = new BigInteger(number);
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private void expectWord(String word) {
      if (pos + word.length() > length
          || !text.subSequence(pos, pos + word.length()).toString().equals(word)) {
        throw error("unexpected characters, expected '" + word + "'");
      }
      pos += word.length();
    }

    private void enter() {
      if (++depth > MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH);
      }
    }

    void skipWhitespace() {
      while (pos < length) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          return;
        }
        pos++;
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    IllegalArgumentException error(String problem) {
      return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + problem);
    }

    private static String printable(char c) {
      return c < 0x20 ? "U+" + hex4(c) : String.valueOf(c);
    }
  }

  private static String hex4(int c) {
    String hex = Integer.toHexString(c);
    return "0000".substring(hex.length()) + hex;
  }

  /** A value JSON cannot hold; the path to it is prepended level by level as the writer unwinds. */
  private static final class UnwritableValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    UnwritableValueException(String path, String problem) {
      super(path + ": " + problem);
      this.path = path;
      this.problem = problem;
    }

    UnwritableValueException under(String step) {
      return new UnwritableValueException("$" + step + path.substring(1), problem);
    }
  }

  private static final class Writer {
    private Writer() {}

    // The path in error messages is built only when something fails: the common case allocates nothing for it.
    static void write(Object value, StringBuilder out) {
      if (value == null) {
        out.append("null");
      } else if (value instanceof String) {
        writeString((String) value, out);
      } else if (value instanceof Boolean) {
        out.append(((Boolean) value).booleanValue());
      } else if (value instanceof Integer
          || value instanceof Long
          || value instanceof Short
          || value instanceof Byte
          || value instanceof BigInteger) {
        out.append(value);
      } else if (value instanceof Double || value instanceof Float) {
        double d = ((Number) value).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new UnwritableValueException("$", "JSON cannot represent " + d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
          out.append((long) d).append(".0");
        } else {
          out.append(value instanceof Float ? Float.toString((Float) value) : Double.toString(d));
        }
      } else if (value instanceof BigDecimal) {
        out.append(((BigDecimal) value).toString());
      } else if (value instanceof Number) {
        write(((Number) value).doubleValue(), out);
      } else if (value instanceof Map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          String key = String.valueOf(entry.getKey());
          writeString(key, out);
          out.append(':');
          try {
            write(entry.getValue(), out);
          } catch (UnwritableValueException e) {
            throw e.under("." + key);
          }
        }
        out.append('}');
      } else if (value instanceof Iterable) {
        out.append('[');
        int i = 0;
        for (Object element : (Iterable<?>) value) {
          if (i > 0) {
            out.append(',');
          }
          try {
            write(element, out);
          } catch (UnwritableValueException e) {
            throw e.under("[" + i + "]");
          }
          i++;
        }
        out.append(']');
      } else if (value.getClass().isArray()) {
        out.append('[');
        int n = java.lang.reflect.Array.getLength(value);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(',');
          }
          try {
            write(java.lang.reflect.Array.get(value, i), out);
          } catch (UnwritableValueException e) {
            throw e.under("[" + i + "]");
          }
        }
        out.append(']');
      } else if (value instanceof Character || value instanceof Enum) {
        writeString(value.toString(), out);
      } else {
        throw new UnwritableValueException("$",
            "cannot write " + value.getClass().getName() + " as JSON (use String, Number, Boolean, Map, List or null)");
      }
    }

    static void writeString(String s, StringBuilder out) {
      out.append('"');
      int runStart = 0;
      int n = s.length();
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        String escape;
        if (c == '"') {
          escape = "\\\"";
        } else if (c == '\\') {
          escape = "\\\\";
        } else if (c >= 0x20 && c != 0x2028 && c != 0x2029) {
          continue;
        } else if (c == '\n') {
          escape = "\\n";
        } else if (c == '\r') {
          escape = "\\r";
        } else if (c == '\t') {
          escape = "\\t";
        } else {
          escape = "\\u" + hex4(c);
        }
        out.append(s, runStart, i).append(escape);
        runStart = i + 1;
      }
      out.append(s, runStart, n).append('"');
    }
  }
}
