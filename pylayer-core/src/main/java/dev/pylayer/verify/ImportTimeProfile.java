package dev.pylayer.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The import-time profile of one interpreter run, read from what {@code python -X importtime}
 * writes to standard error ({@code import time: <self us> | <cumulative us> | <indent><module>}):
 * the total (the sum of every module's own time), the modules costing most on their own, and the
 * top-level imports by cumulative time. Import time is most of a LiteLLM layer's cold start, so
 * the smoke test records it for report.json.
 *
 * @param totalMs every module's own import time, summed
 * @param modules imported modules
 * @param top the modules with the largest own time, largest first
 * @param roots top-level imports (what the code imported itself) by cumulative time
 */
public record ImportTimeProfile(double totalMs, int modules, List<Entry> top, List<Entry> roots) {

  /** How many modules {@link #top} and {@link #roots} list. */
  public static final int LISTED = 10;

  private static final Pattern LINE = Pattern.compile(
      "^import time:\\s+(\\d+) \\|\\s+(\\d+) \\| ( *)(\\S+)\\s*$");

  /** One module: its own and cumulative import time. */
  public record Entry(String module, double selfMs, double cumulativeMs) {}

  public ImportTimeProfile {
    top = List.copyOf(top);
    roots = List.copyOf(roots);
  }

  /** Whether {@code line} is one of {@code -X importtime}'s lines (its header included). */
  public static boolean isProfileLine(String line) {
    return line.startsWith("import time:");
  }

  /** Parses the profile out of {@code stderr}; other lines are ignored. Null when there is none. */
  public static ImportTimeProfile parse(String stderr) {
    List<Entry> all = new ArrayList<>();
    List<Entry> roots = new ArrayList<>();
    double total = 0;
    for (String line : stderr.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Entry entry = new Entry(m.group(4), Long.parseLong(m.group(1)) / 1000.0,
          Long.parseLong(m.group(2)) / 1000.0);
      total += entry.selfMs();
      all.add(entry);
      // After "| ", Python indents two spaces per nesting level: no indent is a top-level import.
      if (m.group(3).isEmpty()) {
        roots.add(entry);
      }
    }
    if (all.isEmpty()) {
      return null;
    }
    all.sort(Comparator.comparingDouble(Entry::selfMs).reversed());
    roots.sort(Comparator.comparingDouble(Entry::cumulativeMs).reversed());
    return new ImportTimeProfile(Math.round(total * 10) / 10.0, all.size(),
        all.subList(0, Math.min(LISTED, all.size())),
        roots.subList(0, Math.min(LISTED, roots.size())));
  }

  /** {@code text} without the profile's lines. */
  public static String withoutProfile(String text) {
    StringBuilder kept = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!isProfileLine(line)) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString().strip();
  }
}
