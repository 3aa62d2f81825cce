package dev.pylayer.install;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the options part of a requirements-file line into words the way Python's {@code
 * shlex.split} (POSIX mode) does: whitespace separates words, {@code '...'} is literal, {@code
 * "..."} allows {@code \"}, {@code \\}, {@code \$} and {@code \`} escapes, and a backslash outside
 * quotes escapes the next character.
 */
final class ShellWords {

  private ShellWords() {}

  static List<String> split(Path file, int lineNumber, String text)
      throws RequirementsFileException {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw unclosed(file, lineNumber, text);
        }
        word.append(text, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i++;
        boolean closed = false;
        while (i < text.length()) {
          char d = text.charAt(i);
          if (d == '"') {
            closed = true;
            i++;
            break;
          }
          if (d == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
            word.append(text.charAt(i + 1));
            i += 2;
          } else {
            word.append(d);
            i++;
          }
        }
        if (!closed) {
          throw unclosed(file, lineNumber, text);
        }
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 < text.length()) {
          word.append(text.charAt(i + 1));
        }
        inWord = true;
        i += 2;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  private static RequirementsFileException unclosed(Path file, int lineNumber, String text) {
    return new RequirementsFileException(
        file, lineNumber, "unclosed quote in options '" + text + "'");
  }
}
