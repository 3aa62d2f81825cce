package dev.pylayer.optimize;

import java.nio.file.Path;
import java.util.Set;

/**
 * What the smoke code touched in a layer tree: every file it opened and every module file it
 * loaded (absolute, normalized build paths), whether it succeeded, and its output.
 */
public record ImportTrace(boolean ok, Set<Path> files, String output) {

  public ImportTrace {
    files = Set.copyOf(files);
  }

  /** Whether {@code path}, or any file under it, was used. */
  public boolean used(Path path) {
    Path normalized = path.toAbsolutePath().normalize();
    if (files.contains(normalized)) {
      return true;
    }
    for (Path file : files) {
      if (file.startsWith(normalized)) {
        return true;
      }
    }
    return false;
  }
}
