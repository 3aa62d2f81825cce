package dev.pylayer.pep;

import dev.pylayer.pep.DependencyTokenizer.Rule;
import dev.pylayer.pep.DependencyTokenizer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser of PEP 508 dependency specifiers and marker expressions, following
 * the grammar (and the error messages) of pypa/packaging's {@code _parser}:
 *
 * <pre>
 * requirement  = WS? IDENTIFIER WS? extras WS? details END
 * details      = AT WS? URL (WS marker_part?)? | specifier WS? marker_part?
 * marker_part  = ';' marker WS?
 * extras       = ('[' WS? IDENTIFIER (WS? ',' WS? IDENTIFIER)* WS? ']')?
 * specifier    = '(' WS? clauses WS? ')' | WS? clauses WS?
 * marker       = atom (BOOLOP atom)*
 * atom         = WS? ('(' WS? marker WS? ')' | var WS? op WS? var) WS?
 * </pre>
 *
 * Unlike packaging, a comparison of two string literals ({@code "b" > "a"}) is rejected: packaging
 * looks the right-hand string up as an environment name, which is never what was meant.
 */
final class DependencyParser {

  /** The parts of a requirement as written. */
  static final class ParsedRequirement {
    final String name;
    final List<String> extras;
    final String specifier;
    final String url; // null when absent
    final MarkerTree.Node marker; // null when absent

    ParsedRequirement(
        String name, List<String> extras, String specifier, String url, MarkerTree.Node marker) {
      this.name = name;
      this.extras = extras;
      this.specifier = specifier;
      this.url = url;
      this.marker = marker;
    }
  }

  private final DependencyTokenizer tokenizer;

  private DependencyParser(String source) {
    this.tokenizer = new DependencyTokenizer(source);
  }

  /** @throws DependencySyntaxError on invalid input */
  static ParsedRequirement parseRequirement(String source) {
    return new DependencyParser(source).requirement();
  }

  /** @throws DependencySyntaxError on invalid input */
  static MarkerTree.Node parseMarker(String source) {
    DependencyParser parser = new DependencyParser(source);
    MarkerTree.Node marker = parser.marker();
    parser.tokenizer.expect(Rule.END, "end of marker expression");
    return marker;
  }

  private ParsedRequirement requirement() {
    tokenizer.consume(Rule.WS);
    Token name =
        tokenizer.expect(Rule.IDENTIFIER, "package name at the start of dependency specifier");
    tokenizer.consume(Rule.WS);
    List<String> extras = extras();
    tokenizer.consume(Rule.WS);

    String url = null;
    String specifier = "";
    MarkerTree.Node marker = null;
    if (tokenizer.check(Rule.AT)) {
      tokenizer.read();
      tokenizer.consume(Rule.WS);
      int urlStart = tokenizer.position();
      url = tokenizer.expect(Rule.URL, "URL after @").text;
      if (!tokenizer.peek(Rule.END)) {
        tokenizer.expect(Rule.WS, "whitespace after URL");
        if (!tokenizer.peek(Rule.END)) {
          marker = requirementMarker(urlStart, "semicolon (after URL and whitespace)");
        }
      }
    } else {
      int specifierStart = tokenizer.position();
      specifier = specifier();
      tokenizer.consume(Rule.WS);
      if (!tokenizer.peek(Rule.END)) {
        marker =
            requirementMarker(
                specifierStart,
                specifier.isEmpty()
                    ? "semicolon (after name with no version specifier)"
                    : "comma (within version specifier), semicolon (after version specifier)");
      }
    }
    tokenizer.expect(Rule.END, "end of dependency specifier");
    return new ParsedRequirement(name.text, extras, specifier, url, marker);
  }

  private MarkerTree.Node requirementMarker(int spanStart, String expected) {
    if (!tokenizer.check(Rule.SEMICOLON)) {
      throw tokenizer.syntaxError(
          "Expected " + expected + " or end", spanStart, tokenizer.position());
    }
    tokenizer.read();
    MarkerTree.Node marker = marker();
    tokenizer.consume(Rule.WS);
    return marker;
  }

  private List<String> extras() {
    List<String> extras = new ArrayList<>();
    if (!tokenizer.peek(Rule.LEFT_BRACKET)) {
      return extras;
    }
    int open = tokenizer.position();
    tokenizer.check(Rule.LEFT_BRACKET);
    tokenizer.read();
    tokenizer.consume(Rule.WS);
    if (tokenizer.check(Rule.IDENTIFIER)) {
      extras.add(tokenizer.read().text);
      while (true) {
        tokenizer.consume(Rule.WS);
        if (tokenizer.peek(Rule.IDENTIFIER)) {
          throw tokenizer.syntaxError(
              "Expected comma between extra names", tokenizer.position(), tokenizer.position());
        }
        if (!tokenizer.check(Rule.COMMA)) {
          break;
        }
        tokenizer.read();
        tokenizer.consume(Rule.WS);
        extras.add(tokenizer.expect(Rule.IDENTIFIER, "extra name after comma").text);
      }
    }
    tokenizer.consume(Rule.WS);
    closing(Rule.RIGHT_BRACKET, "RIGHT_BRACKET", "LEFT_BRACKET", "extras", open);
    return extras;
  }

  private void closing(Rule rule, String closeName, String openName, String around, int open) {
    if (!tokenizer.check(rule)) {
      throw tokenizer.syntaxError(
          "Expected matching " + closeName + " for " + openName + ", after " + around,
          open,
          tokenizer.position());
    }
    tokenizer.read();
  }

  private String specifier() {
    if (tokenizer.peek(Rule.LEFT_PARENTHESIS)) {
      int open = tokenizer.position();
      tokenizer.check(Rule.LEFT_PARENTHESIS);
      tokenizer.read();
      tokenizer.consume(Rule.WS);
      String clauses = versionMany();
      tokenizer.consume(Rule.WS);
      closing(Rule.RIGHT_PARENTHESIS, "RIGHT_PARENTHESIS", "LEFT_PARENTHESIS", "version specifier", open);
      return clauses;
    }
    tokenizer.consume(Rule.WS);
    String clauses = versionMany();
    tokenizer.consume(Rule.WS);
    return clauses;
  }

  private String versionMany() {
    StringBuilder clauses = new StringBuilder();
    while (tokenizer.check(Rule.SPECIFIER)) {
      int spanStart = tokenizer.position();
      String clause = tokenizer.read().text;
      clauses.append(clause);
      if (tokenizer.peek(Rule.VERSION_PREFIX_TRAIL)) {
        boolean equality =
            clause.startsWith("!=") || (clause.startsWith("==") && !clause.startsWith("==="));
        throw tokenizer.syntaxError(
            equality
                ? ".* suffix cannot be used with pre-release, post-release, dev or local versions"
                : ".* suffix can only be used with `==` or `!=` operators",
            spanStart,
            tokenizer.position() + 1);
      }
      if (tokenizer.peek(Rule.VERSION_LOCAL_LABEL_TRAIL)) {
        throw tokenizer.syntaxError(
            "Local version label can only be used with `==` or `!=` operators",
            spanStart,
            tokenizer.position());
      }
      tokenizer.consume(Rule.WS);
      if (!tokenizer.check(Rule.COMMA)) {
        break;
      }
      clauses.append(tokenizer.read().text);
      tokenizer.consume(Rule.WS);
    }
    return clauses.toString();
  }

  private MarkerTree.Node marker() {
    List<MarkerTree.Node> atoms = new ArrayList<>();
    List<String> connectives = new ArrayList<>();
    atoms.add(markerAtom());
    while (tokenizer.check(Rule.BOOLOP)) {
      connectives.add(tokenizer.read().text);
      atoms.add(markerAtom());
    }
    return new MarkerTree.Group(atoms, connectives);
  }

  private MarkerTree.Node markerAtom() {
    tokenizer.consume(Rule.WS);
    MarkerTree.Node atom;
    if (tokenizer.peek(Rule.LEFT_PARENTHESIS)) {
      int open = tokenizer.position();
      tokenizer.check(Rule.LEFT_PARENTHESIS);
      tokenizer.read();
      tokenizer.consume(Rule.WS);
      atom = marker();
      tokenizer.consume(Rule.WS);
      closing(Rule.RIGHT_PARENTHESIS, "RIGHT_PARENTHESIS", "LEFT_PARENTHESIS", "marker expression", open);
    } else {
      atom = markerItem();
    }
    tokenizer.consume(Rule.WS);
    return atom;
  }

  private MarkerTree.Comparison markerItem() {
    tokenizer.consume(Rule.WS);
    int start = tokenizer.position();
    MarkerTree.Operand lhs = markerVar();
    tokenizer.consume(Rule.WS);
    String op = markerOp();
    tokenizer.consume(Rule.WS);
    MarkerTree.Operand rhs = markerVar();
    if (!lhs.variable && !rhs.variable) {
      throw tokenizer.syntaxError(
          "A marker must compare an environment marker (such as python_version or"
              + " sys_platform) with a quoted string, not two quoted strings",
          start,
          tokenizer.position());
    }
    tokenizer.consume(Rule.WS);
    // PEP 685/735: extra and dependency group names are normalized when parsed.
    if (lhs.variable && lhs.text.equals("extra") && !rhs.variable) {
      rhs = MarkerTree.Operand.literal(PackageName.normalize(rhs.text));
    } else if (rhs.variable && !lhs.variable && isNameMarker(rhs.text)) {
      lhs = MarkerTree.Operand.literal(PackageName.normalize(lhs.text));
    }
    return new MarkerTree.Comparison(lhs, op, rhs);
  }

  private static boolean isNameMarker(String variable) {
    return variable.equals("extra")
        || variable.equals("extras")
        || variable.equals("dependency_groups");
  }

  private MarkerTree.Operand markerVar() {
    if (tokenizer.check(Rule.VARIABLE)) {
      String name = tokenizer.read().text.replace('.', '_');
      return MarkerTree.Operand.variable(
          name.equals("python_implementation") ? "platform_python_implementation" : name);
    }
    if (tokenizer.check(Rule.QUOTED_STRING)) {
      Token token = tokenizer.read();
      String value;
      try {
        value = PythonStringLiteral.evaluate(token.text);
      } catch (IllegalArgumentException e) {
        throw tokenizer.syntaxError(
            "Invalid quoted string (" + e.getMessage() + ")",
            token.position,
            token.position + token.text.length());
      }
      if (value.indexOf('"') >= 0 && value.indexOf('\'') >= 0) {
        throw tokenizer.syntaxError(
            "A quoted string cannot contain both quote characters",
            token.position,
            token.position + token.text.length());
      }
      return MarkerTree.Operand.literal(value);
    }
    throw tokenizer.syntaxError(
        "Expected a marker variable or quoted string", tokenizer.position(), tokenizer.position());
  }

  private String markerOp() {
    if (tokenizer.check(Rule.IN)) {
      tokenizer.read();
      return "in";
    }
    if (tokenizer.check(Rule.NOT)) {
      tokenizer.read();
      tokenizer.expect(Rule.WS, "whitespace after 'not'");
      tokenizer.expect(Rule.IN, "'in' after 'not'");
      return "not in";
    }
    if (tokenizer.check(Rule.OP)) {
      return tokenizer.read().text;
    }
    throw tokenizer.syntaxError(
        "Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in",
        tokenizer.position(),
        tokenizer.position());
  }
}
