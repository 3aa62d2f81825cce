package dev.pylayer.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The INI dialect of Python's {@code configparser.RawConfigParser} with its defaults, which is
 * what pip reads pip.conf with: {@code [section]} headers, {@code key = value} or
 * {@code key: value}, keys lower-cased, whole-line {@code #} and {@code ;} comments (no inline
 * comments), values continued on more-indented lines and joined with newlines, a
 * {@code [DEFAULT]} section whose keys every section inherits, duplicates rejected.
 */
final class IniFile {

  private static final Pattern SECTION = Pattern.compile("\\[(.+)\\]");
  private static final Pattern OPTION = Pattern.compile("(.*?)\\s*([=:])\\s*(.*)$");
  private static final String DEFAULT = "DEFAULT";

  private IniFile() {}

  /**
   * Parses INI text into sections (in file order, {@code DEFAULT} excluded but merged into each)
   * of keys to values.
   *
   * @param name the file name for error messages
   * @throws IllegalArgumentException naming the file and line of a syntax error
   */
  static Map<String, Map<String, String>> parse(String text, String name) {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    Map<String, List<String>> defaults = new LinkedHashMap<>();
    Map<String, List<String>> current = null;
    String currentName = null;
    String option = null;
    int optionIndent = 0;
    String[] lines = text.split("\r\n|\n|\r", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      String stripped = line.strip();
      boolean comment = stripped.startsWith("#") || stripped.startsWith(";");
      if (comment || stripped.isEmpty()) {
        if (!comment && current != null && option != null) {
          current.get(option).add(""); // a blank line may belong to a multi-line value
        }
        continue;
      }
      int indent = 0;
      while (Character.isWhitespace(line.charAt(indent))) {
        indent++;
      }
      if (current != null && option != null && indent > optionIndent) {
        current.get(option).add(stripped);
        continue;
      }
      optionIndent = indent;
      Matcher section = SECTION.matcher(stripped);
      if (section.lookingAt()) {
        currentName = section.group(1);
        if (currentName.equals(DEFAULT)) {
          current = defaults;
        } else {
          if (sections.containsKey(currentName)) {
            throw error(name, n, "section [" + currentName + "] appears twice; merge them");
          }
          current = new LinkedHashMap<>();
          sections.put(currentName, current);
        }
        option = null;
        continue;
      }
      if (current == null) {
        throw error(name, n, "'" + stripped + "' comes before any [section] header;"
            + " put it under [global]");
      }
      Matcher m = OPTION.matcher(stripped);
      if (!m.matches() || m.group(1).isEmpty()) {
        throw error(name, n, "'" + stripped + "' is not 'key = value'");
      }
      option = m.group(1).stripTrailing().toLowerCase(Locale.ROOT);
      if (current.containsKey(option)) {
        throw error(name, n, "key '" + option + "' appears twice in [" + currentName + "]");
      }
      List<String> value = new ArrayList<>();
      value.add(m.group(3).strip());
      current.put(option, value);
    }

    Map<String, Map<String, String>> result = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, List<String>>> s : sections.entrySet()) {
      Map<String, String> values = new LinkedHashMap<>();
      defaults.forEach((k, v) -> values.put(k, join(v)));
      s.getValue().forEach((k, v) -> values.put(k, join(v)));
      result.put(s.getKey(), values);
    }
    return result;
  }

  private static String join(List<String> lines) {
    return String.join("\n", lines).stripTrailing();
  }

  private static IllegalArgumentException error(String name, int index, String message) {
    return new IllegalArgumentException(name + " line " + (index + 1) + ": " + message);
  }
}
