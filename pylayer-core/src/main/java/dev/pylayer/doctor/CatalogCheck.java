package dev.pylayer.doctor;

import dev.pylayer.interpreter.PbsBuild;
import dev.pylayer.interpreter.PbsCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * The interpreter catalog shipped in the jar: the newest python-build-standalone build of each
 * minor version, so a user sees which CPython a default build takes without building.
 */
final class CatalogCheck implements DoctorCheck {

  @Override
  public List<Finding> run(DoctorEnvironment environment) {
    PbsCatalog catalog = environment.catalog();
    List<String> newest = new ArrayList<>();
    for (String minor : catalog.minors()) {
      try {
        PbsBuild build = catalog.newest(minor, "aarch64");
        newest.add(build.version() + " (" + build.release() + ")");
      } catch (IllegalArgumentException e) {
        // a minor without an arm64 build: the x86_64 one below is listed instead
        PbsBuild build = catalog.newest(minor, "x86_64");
        newest.add(build.version() + " (" + build.release() + ", x86_64 only)");
      }
    }
    return List.of(Finding.ok("catalog", catalog.builds().size() + " builds; newest: "
        + String.join(", ", newest)));
  }
}
