package dev.pylayer.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One line from the worker: {@code {"id": N, "type": ..., "data"|"error"|...}}. */
final class WorkerMessage {
  private static final Pattern LEADING_ID = Pattern.compile("^\\{\\s*\"id\"\\s*:\\s*(-?\\d{1,18})");

  final long id;
  final String type;
  final Map<String, Object> fields;
  private final String line;
  private final int dataStart;
  private final int dataEnd;

  private WorkerMessage(long id, String type, Map<String, Object> fields, String line, int dataStart, int dataEnd) {
    this.id = id;
    this.type = type;
    this.fields = fields;
    this.line = line;
    this.dataStart = dataStart;
    this.dataEnd = dataEnd;
  }

  /**
   * Parses a line, remembering where its "data" member lies so the response's raw JSON is the exact
   * text the worker wrote (no second serialization).
   *
   * @throws IllegalArgumentException when the line is not a protocol message
   */
  static WorkerMessage parse(String line) {
    Json.Reader reader = new Json.Reader(line);
    reader.expect('{');
    Map<String, Object> fields = new HashMap<>();
    int dataStart = -1;
    int dataEnd = -1;
    if (!reader.consume('}')) {
      do {
        reader.skipWhitespace();
        if (!reader.peek('"')) {
          throw reader.error("expected a string as object key");
        }
        String key = reader.readString();
        reader.expect(':');
        reader.skipWhitespace();
        if (key.equals("data")) {
          dataStart = reader.position();
          fields.put(key, reader.readValue());
          dataEnd = reader.position();
        } else {
          fields.put(key, reader.readValue());
        }
      } while (reader.consume(','));
      reader.expect('}');
    }
    reader.expectEnd();
    Object id = fields.get("id");
    Object type = fields.get("type");
    if (!(id instanceof Long) || !(type instanceof String)) {
      throw new IllegalArgumentException("a protocol message needs a numeric \"id\" and a string \"type\"");
    }
    return new WorkerMessage((Long) id, (String) type, fields, line, dataStart, dataEnd);
  }

  /** The id a line starts with, or -1; for lines refused before parsing (oversized, malformed). */
  static long leadingId(String linePrefix) {
    Matcher m = LEADING_ID.matcher(linePrefix);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> dataObject() {
    Object data = fields.get("data");
    return data instanceof Map ? (Map<String, Object>) data : Map.of();
  }

  String dataJson() {
    return dataStart < 0 ? "null" : line.substring(dataStart, dataEnd);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> error() {
    Object error = fields.get("error");
    return error instanceof Map ? (Map<String, Object>) error : null;
  }
}
