package dev.pylayer.build;

import dev.pylayer.pep.TargetEnvironment;
import java.io.IOException;

/** Decides which wheels a target's layer gets: from a pinned requirements file or a lock. */
interface PackagePlanner {

  PackagePlan plan(TargetEnvironment target) throws IOException;
}
