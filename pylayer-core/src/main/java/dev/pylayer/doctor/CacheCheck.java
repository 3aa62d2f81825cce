package dev.pylayer.doctor;

import dev.pylayer.fetch.DownloadCache;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;

/**
 * The download cache ({@code PYLAYER_CACHE}, else {@code ~/.cache/pylayer}) must be writable: every
 * interpreter and wheel goes through it. Its size tells how much a {@code rm -r} would free.
 */
final class CacheCheck implements DoctorCheck {

  @Override
  public List<Finding> run(DoctorEnvironment environment) {
    Path root = DownloadCache.defaultRoot(environment.env(), environment.home());
    String source = environment.env().containsKey("PYLAYER_CACHE") ? " (PYLAYER_CACHE)" : "";
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, ".doctor-", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      return List.of(Finding.fail("cache", "cache directory " + root + source
          + " is not writable (" + e.getMessage() + ")", "make it writable, or point"
          + " PYLAYER_CACHE at a writable directory"));
    }
    long[] size = new long[2];
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          size[0] += attrs.size();
          size[1]++;
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // The size is informative only; a writable cache is what matters.
    }
    return List.of(Finding.ok("cache", String.format(Locale.ROOT,
        "%s%s is writable; %.1f MB in %d files", root, source, size[0] / 1e6, size[1])));
  }
}
