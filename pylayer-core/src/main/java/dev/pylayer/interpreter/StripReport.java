package dev.pylayer.interpreter;

import java.util.List;
import java.util.Locale;

/** What {@link StdlibStripper} removed, rule by rule, and anything worth telling the user. */
public final class StripReport {

  /** The files one rule removed. */
  public static final class Entry {
    private final String rule;
    private final long bytes;
    private final int files;

    Entry(String rule, long bytes, int files) {
      this.rule = rule;
      this.bytes = bytes;
      this.files = files;
    }

    /** The rule's name. */
    public String rule() {
      return rule;
    }

    /** Bytes of regular files removed (links count zero). */
    public long bytes() {
      return bytes;
    }

    /** Files and links removed (directories not counted). */
    public int files() {
      return files;
    }

    @Override
    public String toString() {
      return rule + ": " + files + " files, " + bytes + " bytes";
    }
  }

  private final List<Entry> entries;
  private final List<String> notes;

  StripReport(List<Entry> entries, List<String> notes) {
    this.entries = List.copyOf(entries);
    this.notes = List.copyOf(notes);
  }

  /** One entry per rule, in rule order (rules that matched nothing report zero). */
  public List<Entry> entries() {
    return entries;
  }

  /** The entry of a rule, if the rule was applied. */
  public java.util.Optional<Entry> entry(String rule) {
    return entries.stream().filter(e -> e.rule.equals(rule)).findFirst();
  }

  /** Decisions worth reporting, e.g. a library kept because the interpreter needs it. */
  public List<String> notes() {
    return notes;
  }

  /** Bytes removed by all rules. */
  public long totalBytes() {
    return entries.stream().mapToLong(Entry::bytes).sum();
  }

  /** Files removed by all rules. */
  public int totalFiles() {
    return entries.stream().mapToInt(Entry::files).sum();
  }

  /** A plain-text table: one line per rule, then the total and the notes. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Entry entry : entries) {
      text.append(String.format(Locale.ROOT, "%-24s %6d files %12d bytes%n", entry.rule,
          entry.files, entry.bytes));
    }
    text.append(String.format(Locale.ROOT, "%-24s %6d files %12d bytes%n", "total", totalFiles(),
        totalBytes()));
    for (String note : notes) {
      text.append("note: ").append(note).append(System.lineSeparator());
    }
    return text.toString();
  }
}
