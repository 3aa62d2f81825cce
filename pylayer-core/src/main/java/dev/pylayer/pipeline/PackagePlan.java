package dev.pylayer.pipeline;

import dev.pylayer.pep.Requirement;
import java.util.List;

/**
 * The wheels of one target, and the top-level requirements they were chosen for (the closure
 * check starts from them, with their extras).
 */
public record PackagePlan(List<Requirement> roots, List<PlannedWheel> wheels, String source) {

  public PackagePlan {
    roots = List.copyOf(roots);
    wheels = List.copyOf(wheels);
  }
}
