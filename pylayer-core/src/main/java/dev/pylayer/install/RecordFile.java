package dev.pylayer.install;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@code RECORD} files: CSV (comma separated, {@code "} quoting with doubled
 * quotes inside), one {@link RecordEntry} per row, as PEP 376 and the wheel spec define them.
 */
public final class RecordFile {

  private RecordFile() {}

  /**
   * Parses the text of a {@code RECORD} file.
   *
   * @throws IllegalArgumentException naming the row when a row does not have three fields, or a
   *     size is not a number
   */
  public static List<RecordEntry> parse(String text) {
    List<RecordEntry> entries = new ArrayList<>();
    int rowNumber = 0;
    for (List<String> row : parseCsv(text)) {
      rowNumber++;
      if (row.size() == 1 && row.get(0).isEmpty()) {
        continue; // blank line
      }
      if (row.size() != 3) {
        throw new IllegalArgumentException(
            "RECORD row "
                + rowNumber
                + " has "
                + row.size()
                + " fields, expected 3 (path,hash,size): "
                + String.join(",", row));
      }
      String path = row.get(0);
      String hash = row.get(1);
      String size = row.get(2).strip();
      if (size.isEmpty()) {
        entries.add(
            hash.isEmpty() ? RecordEntry.unhashed(path) : RecordEntry.withoutSize(path, hash));
      } else {
        long bytes;
        try {
          bytes = Long.parseLong(size);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "RECORD row "
                  + rowNumber
                  + " for '"
                  + path
                  + "': size '"
                  + size
                  + "' is not a number");
        }
        entries.add(RecordEntry.of(path, hash, bytes));
      }
    }
    return entries;
  }

  /** Formats rows as {@code RECORD} text: one row per line, {@code \n} line ends. */
  public static String format(List<RecordEntry> entries) {
    StringBuilder out = new StringBuilder();
    for (RecordEntry entry : entries) {
      out.append(quote(entry.path()))
          .append(',')
          .append(quote(entry.hash()))
          .append(',')
          .append(entry.size().isPresent() ? Long.toString(entry.size().getAsLong()) : "")
          .append('\n');
    }
    return out.toString();
  }

  private static String quote(String field) {
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }

  private static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean rowHasContent = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
        } else {
          field.append(c);
        }
        i++;
        continue;
      }
      if (c == '"') {
        quoted = true;
        rowHasContent = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        rowHasContent = true;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        rowHasContent = false;
      } else {
        field.append(c);
        rowHasContent = true;
      }
      i++;
    }
    if (rowHasContent || field.length() > 0) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
