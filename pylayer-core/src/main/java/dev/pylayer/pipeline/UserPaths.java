package dev.pylayer.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Paths given by people (command line, spec file) made absolute and normalized once, at the edge,
 * so that every step compares like with like. The part of a path that exists is resolved to the
 * real path (symbolic links followed, as the operating system reads {@code link/..}); the rest is
 * normalized as text. {@code --out .}, {@code --out sub/../dir} and an absolute path to the same
 * directory therefore give the same paths, and the same layer.
 */
public final class UserPaths {

  private UserPaths() {}

  /** {@code path} absolute (against this process's working directory) and normalized. */
  public static Path absolute(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    // Walk up to the deepest existing ancestor and resolve it to its real path.
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      Path real = existing.toRealPath();
      return real.resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      return absolute; // unreadable ancestor: the lexical form is the best there is
    }
  }

  /** {@code base.resolve(path)}, then {@link #absolute(Path)}. */
  public static Path absolute(Path base, Path path) {
    return absolute(base.resolve(path));
  }

  /** A local archive path made absolute; URLs ({@code scheme://...}) stay as they are. */
  static String absoluteUnlessUrl(String location) {
    if (location == null || location.contains("://") || location.startsWith("file:")) {
      return location;
    }
    return absolute(Path.of(location)).toString();
  }
}
