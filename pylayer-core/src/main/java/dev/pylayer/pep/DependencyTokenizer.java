package dev.pylayer.pep;

import java.util.regex.Matcher;

/**
 * The context-sensitive tokenizer of PEP 508 text, with pypa/packaging's token rules: the parser
 * asks whether a given kind of token comes next, and each rule is tried only where the grammar
 * allows it (a URL and a version specifier overlap, for instance).
 */
final class DependencyTokenizer {

  enum Rule {
    LEFT_PARENTHESIS,
    RIGHT_PARENTHESIS,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    SEMICOLON,
    COMMA,
    QUOTED_STRING,
    OP,
    BOOLOP,
    IN,
    NOT,
    VARIABLE,
    SPECIFIER,
    AT,
    URL,
    IDENTIFIER,
    VERSION_PREFIX_TRAIL,
    VERSION_LOCAL_LABEL_TRAIL,
    WS,
    END
  }

  // Longest first where one is a prefix of another, as the regex alternations order them.
  private static final String[] OPERATORS = {"===", "==", "~=", "!=", "<=", ">=", "<", ">"};
  private static final String[] VARIABLES = {
    "python_version",
    "python_full_version",
    "os_name",
    "os.name",
    "sys_platform",
    "sys.platform",
    "platform_release",
    "platform_system",
    "platform_version",
    "platform.version",
    "platform_machine",
    "platform.machine",
    "platform_python_implementation",
    "platform.python_implementation",
    "python_implementation",
    "implementation_name",
    "implementation_version",
    "extras",
    "extra",
    "dependency_groups"
  };

  /** A token: its rule, text and start position. */
  static final class Token {
    final Rule rule;
    final String text;
    final int position;

    Token(Rule rule, String text, int position) {
      this.rule = rule;
      this.text = text;
      this.position = position;
    }
  }

  final String source;
  private int position;
  private Token next;
  private Matcher specifierMatcher;

  DependencyTokenizer(String source) {
    this.source = source;
  }

  int position() {
    return position;
  }

  /** Whether a {@code rule} token comes next; if so it becomes the token {@link #read()} returns. */
  boolean check(Rule rule) {
    if (next != null) {
      throw new IllegalStateException("token " + next.rule + " not read before checking " + rule);
    }
    int length = match(rule);
    if (length < 0) {
      return false;
    }
    next = new Token(rule, source.substring(position, position + length), position);
    return true;
  }

  /** Whether a {@code rule} token comes next, without loading it. */
  boolean peek(Rule rule) {
    return match(rule) >= 0;
  }

  /** Reads a {@code rule} token if one comes next. */
  void consume(Rule rule) {
    if (check(rule)) {
      read();
    }
  }

  /** Reads a {@code rule} token or fails with "Expected {@code expected}". */
  Token expect(Rule rule, String expected) {
    if (!check(rule)) {
      throw syntaxError("Expected " + expected, position, position);
    }
    return read();
  }

  Token read() {
    Token token = next;
    if (token == null) {
      throw new IllegalStateException("no token checked");
    }
    position += token.text.length();
    next = null;
    return token;
  }

  DependencySyntaxError syntaxError(String problem, int spanStart, int spanEnd) {
    return new DependencySyntaxError(problem, source, spanStart, spanEnd);
  }

  /** Length of the {@code rule} token at the current position, or -1. */
  private int match(Rule rule) {
    int p = position;
    int n = source.length();
    switch (rule) {
      case LEFT_PARENTHESIS:
        return charAt(p) == '(' ? 1 : -1;
      case RIGHT_PARENTHESIS:
        return charAt(p) == ')' ? 1 : -1;
      case LEFT_BRACKET:
        return charAt(p) == '[' ? 1 : -1;
      case RIGHT_BRACKET:
        return charAt(p) == ']' ? 1 : -1;
      case SEMICOLON:
        return charAt(p) == ';' ? 1 : -1;
      case COMMA:
        return charAt(p) == ',' ? 1 : -1;
      case AT:
        return charAt(p) == '@' ? 1 : -1;
      case QUOTED_STRING:
        {
          char quote = charAt(p);
          if (quote != '\'' && quote != '"') {
            return -1;
          }
          int close = source.indexOf(quote, p + 1);
          return close < 0 ? -1 : close + 1 - p;
        }
      case OP:
        for (String op : OPERATORS) {
          if (source.startsWith(op, p)) {
            return op.length();
          }
        }
        return -1;
      case BOOLOP:
        return Math.max(word(p, "or"), word(p, "and"));
      case IN:
        return word(p, "in");
      case NOT:
        return word(p, "not");
      case VARIABLE:
        for (String variable : VARIABLES) {
          int length = word(p, variable);
          if (length > 0) {
            return length;
          }
        }
        return -1;
      case SPECIFIER:
        {
          if (specifierMatcher == null) {
            specifierMatcher = SpecifierGrammar.CLAUSE_AT.matcher(source);
          }
          specifierMatcher.region(p, n);
          return specifierMatcher.lookingAt() ? specifierMatcher.end() - p : -1;
        }
      case URL:
        {
          int i = p;
          while (i < n && source.charAt(i) != ' ' && source.charAt(i) != '\t') {
            i++;
          }
          return i > p ? i - p : -1;
        }
      case IDENTIFIER:
        return identifier(p);
      case VERSION_PREFIX_TRAIL:
        return source.startsWith(".*", p) ? 2 : -1;
      case VERSION_LOCAL_LABEL_TRAIL:
        return localLabel(p);
      case WS:
        {
          int i = p;
          while (i < n && (source.charAt(i) == ' ' || source.charAt(i) == '\t')) {
            i++;
          }
          return i > p ? i - p : -1;
        }
      case END:
        return p == n ? 0 : -1;
      default:
        throw new IllegalArgumentException(rule.toString());
    }
  }

  private char charAt(int i) {
    return i < source.length() ? source.charAt(i) : '\0';
  }

  private boolean isWordAt(int i) {
    return i >= 0 && i < source.length() && PyText.isWordChar(source.charAt(i));
  }

  /** {@code \bword\b} at {@code p} (every word here starts and ends with a word character). */
  private int word(int p, String word) {
    if (!source.startsWith(word, p) || isWordAt(p - 1) || isWordAt(p + word.length())) {
      return -1;
    }
    return word.length();
  }

  /** {@code \b[a-zA-Z0-9][a-zA-Z0-9._-]*\b}: the longest run that ends on a word boundary. */
  private int identifier(int p) {
    if (!PyText.isAsciiAlnum(charAt(p)) || isWordAt(p - 1)) {
      return -1;
    }
    int end = p + 1;
    while (end < source.length() && isIdentifierChar(source.charAt(end))) {
      end++;
    }
    for (int e = end; e > p; e--) {
      if (isWordAt(e - 1) != isWordAt(e)) {
        return e - p;
      }
    }
    return -1;
  }

  private static boolean isIdentifierChar(char c) {
    return PyText.isAsciiAlnum(c) || c == '.' || c == '_' || c == '-';
  }

  /** {@code \+[a-z0-9]+([-_.][a-z0-9]+)*} (lower case only, as packaging's rule is written). */
  private int localLabel(int p) {
    if (charAt(p) != '+' || !isLowerAlnum(charAt(p + 1))) {
      return -1;
    }
    int i = p + 1;
    while (isLowerAlnum(charAt(i))) {
      i++;
    }
    while ((charAt(i) == '-' || charAt(i) == '_' || charAt(i) == '.') && isLowerAlnum(charAt(i + 1))) {
      i++;
      while (isLowerAlnum(charAt(i))) {
        i++;
      }
    }
    return i - p;
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
