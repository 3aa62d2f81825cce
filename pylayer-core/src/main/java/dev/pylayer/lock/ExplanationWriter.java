package dev.pylayer.lock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes why resolution failed, from the derivation tree of the final incompatibility, as
 * PubGrub's error reporting does: one sentence per derivation ("Because A and B, C."), chained
 * with "And because", collapsing simple chains, and numbering the facts used more than once so
 * later sentences can point back to them ("(1)").
 */
final class ExplanationWriter {

  private final Map<Incompatibility, Integer> uses = new HashMap<>();
  private final Map<Incompatibility, Integer> lineNumbers = new HashMap<>();
  private final List<String> lines = new ArrayList<>();

  String explain(Incompatibility failure) {
    if (!failure.isDerived()) {
      return capitalize(describe(failure)) + ".";
    }
    countUses(failure);
    visit(failure, false);
    return String.join("\n", lines);
  }

  private void countUses(Incompatibility inc) {
    if (!inc.isDerived()) {
      return;
    }
    for (Incompatibility cause : List.of(inc.cause1(), inc.cause2())) {
      if (uses.merge(cause, 1, Integer::sum) == 1) {
        countUses(cause);
      }
    }
  }

  private void visit(Incompatibility inc, boolean conclusion) {
    boolean numbered = conclusion || uses.getOrDefault(inc, 0) > 1;
    String conclusionText = describe(inc);
    Incompatibility c1 = inc.cause1();
    Incompatibility c2 = inc.cause2();
    if (c1.isDerived() && c2.isDerived()) {
      Integer l1 = lineNumbers.get(c1);
      Integer l2 = lineNumbers.get(c2);
      if (l1 != null && l2 != null) {
        write(inc, "Because " + describe(c1) + " (" + l1 + ") and " + describe(c2) + " (" + l2
            + "), " + conclusionText + ".", numbered);
      } else if (l1 != null || l2 != null) {
        Incompatibility withLine = l1 != null ? c1 : c2;
        Incompatibility without = l1 != null ? c2 : c1;
        visit(without, false);
        write(inc, "And because " + describe(withLine) + " (" + lineNumbers.get(withLine) + "), "
            + conclusionText + ".", numbered);
      } else if (isSingleLine(c1) || isSingleLine(c2)) {
        Incompatibility first = isSingleLine(c2) ? c1 : c2;
        Incompatibility second = isSingleLine(c2) ? c2 : c1;
        visit(first, false);
        visit(second, false);
        write(inc, "Thus, " + conclusionText + ".", numbered);
      } else {
        visit(c1, true);
        lines.add("");
        visit(c2, false);
        write(inc, "And because " + describe(c1) + " (" + lineNumbers.get(c1) + "), "
            + conclusionText + ".", numbered);
      }
    } else if (c1.isDerived() || c2.isDerived()) {
      Incompatibility derived = c1.isDerived() ? c1 : c2;
      Incompatibility external = c1.isDerived() ? c2 : c1;
      Integer line = lineNumbers.get(derived);
      if (line != null) {
        write(inc, "Because " + describe(external) + " and " + describe(derived) + " (" + line
            + "), " + conclusionText + ".", numbered);
      } else if (isCollapsible(derived)) {
        Incompatibility innerDerived =
            derived.cause1().isDerived() ? derived.cause1() : derived.cause2();
        Incompatibility innerExternal =
            derived.cause1().isDerived() ? derived.cause2() : derived.cause1();
        visit(innerDerived, false);
        write(inc, "And because " + describe(innerExternal) + " and " + describe(external) + ", "
            + conclusionText + ".", numbered);
      } else {
        visit(derived, false);
        write(inc, "And because " + describe(external) + ", " + conclusionText + ".", numbered);
      }
    } else {
      write(inc, "Because " + describe(c1) + " and " + describe(c2) + ", " + conclusionText + ".",
          numbered);
    }
  }

  private static boolean isSingleLine(Incompatibility inc) {
    return inc.isDerived() && !inc.cause1().isDerived() && !inc.cause2().isDerived();
  }

  private boolean isCollapsible(Incompatibility inc) {
    if (uses.getOrDefault(inc, 0) > 1 || !inc.isDerived()) {
      return false;
    }
    boolean d1 = inc.cause1().isDerived();
    boolean d2 = inc.cause2().isDerived();
    if (d1 == d2) {
      return false;
    }
    return !lineNumbers.containsKey(d1 ? inc.cause1() : inc.cause2());
  }

  private void write(Incompatibility inc, String line, boolean numbered) {
    if (numbered) {
      int number = lineNumbers.size() + 1;
      lineNumbers.put(inc, number);
      lines.add(line + " (" + number + ")");
    } else {
      lines.add(line);
    }
  }

  // ------------------------------------------------------------------ one incompatibility

  static String describe(Incompatibility inc) {
    switch (inc.kind()) {
      case ROOT:
        return "the requirements must be met";
      case NO_VERSIONS:
      case CONSTRAINT:
        return inc.reason();
      case DEPENDENCY:
        return describeDependency(inc);
      default:
        return describeTerms(inc);
    }
  }

  private static String describeDependency(Incompatibility inc) {
    Pkg dependant = null;
    Pkg dependency = null;
    for (Map.Entry<Pkg, Term> e : inc.terms().entrySet()) {
      if (e.getValue().isPositive()) {
        dependant = e.getKey();
      } else {
        dependency = e.getKey();
      }
    }
    String wanted = inc.term(dependency).set().describe(dependency.toString());
    if (dependant.isRoot()) {
      return "you require " + wanted;
    }
    VersionSet versions = inc.term(dependant).set();
    if (versions.isFull() && versions.universe().size() > 1) {
      return "all versions of " + dependant + " depend on " + wanted;
    }
    return versions.describe(dependant.toString()) + " depends on " + wanted;
  }

  private static String describeTerms(Incompatibility inc) {
    List<String> positive = new ArrayList<>();
    List<String> negative = new ArrayList<>();
    for (Map.Entry<Pkg, Term> e : inc.terms().entrySet()) {
      if (e.getKey().isRoot()) {
        continue; // the root is always selected: a term on it says nothing
      }
      String text = e.getValue().set().describe(e.getKey().toString());
      (e.getValue().isPositive() ? positive : negative).add(text);
    }
    if (positive.isEmpty() && negative.isEmpty()) {
      return "the requirements are unsatisfiable";
    }
    if (negative.isEmpty()) {
      return positive.size() == 1 ? positive.get(0) + " cannot be used"
          : join(positive, "and") + " are incompatible";
    }
    if (positive.isEmpty()) {
      return join(negative, "or") + " is required";
    }
    return join(positive, "and") + " " + (positive.size() == 1 ? "requires" : "require") + " "
        + join(negative, "or");
  }

  private static String join(List<String> items, String conjunction) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " " + conjunction + " "
        + items.get(items.size() - 1);
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
