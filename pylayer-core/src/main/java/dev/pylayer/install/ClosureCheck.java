package dev.pylayer.install;

import dev.pylayer.pep.InvalidRequirementException;
import dev.pylayer.pep.InvalidSpecifierException;
import dev.pylayer.pep.InvalidVersionException;
import dev.pylayer.pep.MarkerEnvironment;
import dev.pylayer.pep.MarkerEvaluationException;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.SpecifierSet;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.pep.Version;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that a set of installed distributions is closed for a target: every {@code
 * Requires-Dist} whose marker holds (with the extras that were asked for) names an installed
 * distribution whose version satisfies it, and every distribution accepts the target's Python.
 * Extras propagate: {@code a[x]} asks for {@code a}'s {@code extra == "x"} requirements, and those
 * may ask for further extras. Every problem is collected, so one run reports them all.
 */
public final class ClosureCheck {

  private final TargetEnvironment target;

  public ClosureCheck(TargetEnvironment target) {
    this.target = target;
  }

  /** One unmet requirement. */
  public record Problem(String requiredBy, String requirement, String found) {
    @Override
    public String toString() {
      return requiredBy + " needs " + requirement + ": " + found;
    }
  }

  /**
   * The problems of {@code installed} when {@code roots} were asked for; empty when closed.
   *
   * @param roots the top-level requirements (only their names and extras matter here)
   */
  public List<Problem> problems(Collection<Requirement> roots,
      Collection<InstalledDistribution> installed) {
    Map<PackageName, InstalledDistribution> byName = new LinkedHashMap<>();
    for (InstalledDistribution dist : installed) {
      byName.put(dist.name(), dist);
    }
    MarkerEnvironment env = target.markerEnvironment();
    Version python = Version.parse(target.pythonFullVersion());
    List<Problem> problems = new ArrayList<>();

    // Which extras each distribution was asked for, grown until nothing new is asked.
    Map<PackageName, Set<String>> extras = new HashMap<>();
    Deque<PackageName> work = new ArrayDeque<>();
    for (Requirement root : roots) {
      if (root.marker().isPresent() && !root.marker().get().evaluate(env, Set.of())) {
        continue;
      }
      if (extras.computeIfAbsent(root.name(), n -> new TreeSet<>()).addAll(root.extras())
          || !work.contains(root.name())) {
        work.add(root.name());
      }
    }
    Map<PackageName, Set<String>> checked = new HashMap<>();
    while (!work.isEmpty()) {
      PackageName name = work.poll();
      InstalledDistribution dist = byName.get(name);
      Set<String> wanted = extras.get(name);
      if (dist == null || wanted.equals(checked.get(name))) {
        continue;
      }
      checked.put(name, new TreeSet<>(wanted));
      for (String line : dist.requiresDist()) {
        Requirement requirement;
        try {
          requirement = Requirement.parse(line);
        } catch (InvalidRequirementException e) {
          problems.add(new Problem(label(dist), line, "not a valid requirement in its METADATA"));
          continue;
        }
        if (!holds(requirement, env, wanted)) {
          continue;
        }
        InstalledDistribution dep = byName.get(requirement.name());
        if (dep == null) {
          problems.add(new Problem(label(dist), requirement.toString(), "not installed"));
          continue;
        }
        if (!satisfies(dep, requirement.specifier())) {
          problems.add(new Problem(label(dist), requirement.toString(),
              dep.name() + " " + dep.version() + " is pinned"));
        }
        Set<String> depExtras = extras.computeIfAbsent(dep.name(), n -> new TreeSet<>());
        if (depExtras.addAll(requirement.extras()) || !checked.containsKey(dep.name())) {
          work.add(dep.name());
        }
      }
    }
    for (InstalledDistribution dist : installed) {
      Optional<String> requiresPython = dist.requiresPython();
      if (requiresPython.isPresent() && !acceptsPython(requiresPython.get(), python)) {
        problems.add(new Problem(label(dist), "Python" + requiresPython.get().strip(),
            "the target is Python " + target.pythonFullVersion()));
      }
    }
    return problems;
  }

  private static boolean holds(Requirement requirement, MarkerEnvironment env, Set<String> extras) {
    if (requirement.marker().isEmpty()) {
      return true;
    }
    try {
      return requirement.marker().get().evaluate(env, extras);
    } catch (MarkerEvaluationException e) {
      // A marker that cannot be evaluated for this target (e.g. comparing a non-version with a
      // version operator) cannot hold, as pip treats it.
      return false;
    }
  }

  private static boolean satisfies(InstalledDistribution dist, SpecifierSet specifier) {
    try {
      // Installed versions count even when they are pre-releases: they were pinned on purpose.
      return specifier.contains(Version.parse(dist.version()), true);
    } catch (InvalidVersionException e) {
      return false;
    }
  }

  private static boolean acceptsPython(String requiresPython, Version python) {
    try {
      return SpecifierSet.parse(requiresPython).contains(python, true);
    } catch (InvalidSpecifierException e) {
      return true; // pip ignores an invalid Requires-Python
    }
  }

  private static String label(InstalledDistribution dist) {
    return dist.name() + " " + dist.version();
  }
}
