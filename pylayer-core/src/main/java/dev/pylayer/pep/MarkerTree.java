package dev.pylayer.pep;

import java.util.List;

/**
 * The parsed form of a marker expression: groups of atoms joined by {@code and}/{@code or}, where
 * an atom is a comparison or a parenthesized group. The shape is kept as written (no flattening)
 * so that the normalized text keeps the user's parentheses, as packaging's does.
 */
final class MarkerTree {

  private MarkerTree() {}

  /** A node of the tree. */
  interface Node {
    /** Appends the normalized text; {@code top} is false inside another group. */
    void format(StringBuilder sb, boolean top);
  }

  /** One side of a comparison: an environment marker name or a string literal. */
  static final class Operand {
    final boolean variable;
    final String text; // the variable name (canonical spelling) or the literal's value

    private Operand(boolean variable, String text) {
      this.variable = variable;
      this.text = text;
    }

    static Operand variable(String name) {
      return new Operand(true, name);
    }

    static Operand literal(String value) {
      return new Operand(false, value);
    }

    void format(StringBuilder sb) {
      if (variable) {
        sb.append(text);
      } else {
        char quote = text.indexOf('"') < 0 ? '"' : '\'';
        sb.append(quote).append(text).append(quote);
      }
    }
  }

  /** {@code lhs op rhs}, e.g. {@code python_version >= "3.8"}. */
  static final class Comparison implements Node {
    final Operand lhs;
    final String op;
    final Operand rhs;
    // The specifier "op + literal" for a version marker compared with a literal, parsed once.
    final Specifier literalSpecifier;

    Comparison(Operand lhs, String op, Operand rhs) {
      this.lhs = lhs;
      this.op = op;
      this.rhs = rhs;
      this.literalSpecifier =
          lhs.variable && !rhs.variable && MarkerEvaluator.isVersionMarker(lhs.text)
              ? Specifier.tryParse(op + rhs.text)
              : null;
    }

    @Override
    public void format(StringBuilder sb, boolean top) {
      lhs.format(sb);
      sb.append(' ').append(op).append(' ');
      rhs.format(sb);
    }
  }

  /** Atoms joined by connectives; {@code connectives.get(i)} sits between atoms i and i+1. */
  static final class Group implements Node {
    final List<Node> atoms;
    final List<String> connectives; // "and" / "or"

    Group(List<Node> atoms, List<String> connectives) {
      this.atoms = List.copyOf(atoms);
      this.connectives = List.copyOf(connectives);
    }

    @Override
    public void format(StringBuilder sb, boolean top) {
      if (atoms.size() == 1) {
        atoms.get(0).format(sb, top); // a redundant group adds no parentheses
        return;
      }
      if (!top) {
        sb.append('(');
      }
      for (int i = 0; i < atoms.size(); i++) {
        if (i > 0) {
          sb.append(' ').append(connectives.get(i - 1)).append(' ');
        }
        atoms.get(i).format(sb, false);
      }
      if (!top) {
        sb.append(')');
      }
    }
  }
}
