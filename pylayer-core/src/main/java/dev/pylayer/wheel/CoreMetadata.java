package dev.pylayer.wheel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The header fields of an RFC 822-style metadata file: a wheel's {@code METADATA} (core metadata)
 * or {@code WHEEL}. Field names are case-insensitive and may repeat ({@code Requires-Dist}, {@code
 * Classifier}); a line starting with a space or tab continues the previous value. The first blank
 * line ends the headers: the body after it (the long description) is not kept.
 *
 * <p>Continuation lines are joined to their field's value with {@code "\n"} and stripped of their
 * leading whitespace. A line in the header block that is neither a field nor a continuation ends
 * the headers, as Python's {@code email} parser treats it.
 */
public final class CoreMetadata {

  private final Map<String, List<String>> fields;

  private CoreMetadata(Map<String, List<String>> fields) {
    this.fields = fields;
  }

  /** Parses the text of a {@code METADATA}, {@code PKG-INFO} or {@code WHEEL} file. */
  public static CoreMetadata parse(String text) {
    Objects.requireNonNull(text, "text");
    Map<String, List<String>> fields = new LinkedHashMap<>();
    List<String> currentValues = null;
    int lineStart = 0;
    int length = text.length();
    while (lineStart < length) {
      int lineEnd = text.indexOf('\n', lineStart);
      int next = lineEnd < 0 ? length : lineEnd + 1;
      String line = text.substring(lineStart, lineEnd < 0 ? length : lineEnd);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      lineStart = next;
      if (line.isEmpty()) {
        break; // end of headers; the body (description) is ignored
      }
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        if (currentValues == null) {
          break; // a continuation with nothing to continue: treat as the start of the body
        }
        int last = currentValues.size() - 1;
        currentValues.set(last, currentValues.get(last) + "\n" + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        break; // not a header line: the body starts here
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      currentValues = fields.computeIfAbsent(key, k -> new ArrayList<>());
      currentValues.add(value);
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    fields.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new CoreMetadata(Collections.unmodifiableMap(frozen));
  }

  /** The first value of {@code field} (case-insensitive), if present. */
  public Optional<String> get(String field) {
    List<String> values = fields.get(field.toLowerCase(Locale.ROOT));
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of {@code field} (case-insensitive) in file order; empty when absent. */
  public List<String> getAll(String field) {
    return fields.getOrDefault(field.toLowerCase(Locale.ROOT), List.of());
  }

  /** The field names present, lower-cased, in order of first appearance. */
  public List<String> fieldNames() {
    return List.copyOf(fields.keySet());
  }

  /** {@code Name}: the distribution name as the project wrote it. */
  public Optional<String> name() {
    return get("Name");
  }

  /** {@code Version}: the raw version string. */
  public Optional<String> version() {
    return get("Version");
  }

  /** {@code Requires-Python}: the raw specifier set, if declared. */
  public Optional<String> requiresPython() {
    return get("Requires-Python");
  }

  /** {@code Requires-Dist}: raw PEP 508 requirement strings, markers included. */
  public List<String> requiresDist() {
    return getAll("Requires-Dist");
  }

  @Override
  public String toString() {
    return "CoreMetadata" + fields;
  }
}
