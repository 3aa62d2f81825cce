package dev.pylayer.pipeline;

import dev.pylayer.lock.InterpreterArchive;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.TargetEnvironment;
import java.io.IOException;
import java.util.Optional;

/** Decides which wheels a target's layer gets: from a pinned requirements file or a lock. */
interface PackagePlanner {

  PackagePlan plan(TargetEnvironment target) throws IOException;

  /**
   * The interpreter archive the plan's source pins for {@code arch} (a lock does), which the
   * build then uses instead of choosing one itself; empty when the source pins none.
   */
  default Optional<InterpreterArchive> interpreter(Arch arch) {
    return Optional.empty();
  }
}
