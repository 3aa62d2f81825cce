package dev.pylayer.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pulls the anchors and the {@code <base href>} out of an HTML page without an HTML library.
 * Tolerant as a browser: tag and attribute names in any case, attributes in any order, values
 * double-quoted, single-quoted, unquoted or absent ({@code data-yanked}), character references
 * decoded, comments and {@code script}/{@code style} contents skipped. The first occurrence of
 * a repeated attribute wins, as in HTML.
 */
final class HtmlLinks {

  /** An anchor: its attributes (lower-case names, decoded values) and its text. */
  static final class Anchor {
    final Map<String, String> attributes;
    final String text;

    Anchor(Map<String, String> attributes, String text) {
      this.attributes = attributes;
      this.text = text;
    }
  }

  final List<Anchor> anchors;
  /** The first {@code <base href>}, decoded, or null. */
  final String baseHref;

  private HtmlLinks(List<Anchor> anchors, String baseHref) {
    this.anchors = anchors;
    this.baseHref = baseHref;
  }

  static HtmlLinks parse(String html) {
    List<Anchor> anchors = new ArrayList<>();
    String baseHref = null;
    int length = html.length();
    int i = 0;
    while ((i = html.indexOf('<', i)) >= 0) {
      if (html.startsWith("<!--", i)) {
        int end = html.indexOf("-->", i + 4);
        i = end < 0 ? length : end + 3;
        continue;
      }
      int nameStart = i + 1;
      int j = nameStart;
      while (j < length && isNameChar(html.charAt(j))) {
        j++;
      }
      if (j == nameStart) {
        i++; // "</a>", "<!DOCTYPE", a stray "<": not an opening tag
        continue;
      }
      String tag = html.substring(nameStart, j).toLowerCase(Locale.ROOT);
      Map<String, String> attributes = new LinkedHashMap<>();
      int end = parseAttributes(html, j, attributes);
      i = end;
      switch (tag) {
        case "a": {
          int close = indexOfIgnoreCase(html, "</a", end);
          String inner = close < 0 ? "" : html.substring(end, close);
          anchors.add(new Anchor(attributes, HtmlEntities.unescape(stripTags(inner)).strip()));
          break;
        }
        case "base":
          if (baseHref == null && attributes.containsKey("href")) {
            baseHref = attributes.get("href");
          }
          break;
        case "script":
        case "style": {
          int close = indexOfIgnoreCase(html, "</" + tag, end);
          i = close < 0 ? length : close;
          break;
        }
        default:
          break;
      }
    }
    return new HtmlLinks(anchors, baseHref);
  }

  /** Reads attributes from {@code start} to the tag's {@code >}; returns the index after it. */
  private static int parseAttributes(String html, int start, Map<String, String> into) {
    int length = html.length();
    int i = start;
    while (i < length) {
      char c = html.charAt(i);
      if (c == '>') {
        return i + 1;
      }
      if (Character.isWhitespace(c) || c == '/') {
        i++;
        continue;
      }
      int nameStart = i;
      while (i < length && !Character.isWhitespace(html.charAt(i))
          && "=>/".indexOf(html.charAt(i)) < 0) {
        i++;
      }
      String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
      while (i < length && Character.isWhitespace(html.charAt(i))) {
        i++;
      }
      String value = "";
      if (i < length && html.charAt(i) == '=') {
        i++;
        while (i < length && Character.isWhitespace(html.charAt(i))) {
          i++;
        }
        if (i < length && (html.charAt(i) == '"' || html.charAt(i) == '\'')) {
          char quote = html.charAt(i);
          int close = html.indexOf(quote, i + 1);
          if (close < 0) {
            close = length;
          }
          value = html.substring(i + 1, close);
          i = Math.min(length, close + 1);
        } else {
          int valueStart = i;
          while (i < length && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '>') {
            i++;
          }
          value = html.substring(valueStart, i);
        }
      }
      into.putIfAbsent(name, HtmlEntities.unescape(value));
    }
    return length;
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static String stripTags(String html) {
    return html.indexOf('<') < 0 ? html : html.replaceAll("<[^>]*>", "");
  }

  private static int indexOfIgnoreCase(String text, String needle, int from) {
    for (int i = from; i <= text.length() - needle.length(); i++) {
      if (text.regionMatches(true, i, needle, 0, needle.length())) {
        return i;
      }
    }
    return -1;
  }
}
