package dev.pylayer.pipeline;

import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.install.InstalledFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** How many bytes a distribution takes in a layer: its installed files plus their bytecode. */
final class PackageSizes {

  private PackageSizes() {}

  /**
   * The bytes of {@code dist}'s files as they are now, and of the {@code .pyc} files compiled from
   * its modules ({@code __pycache__/m.*.pyc} or a legacy {@code m.pyc} beside {@code m.py}).
   *
   * @param movedTo the tree the distribution's files were moved into (the zip layout's staging
   *     tree, relative to site-packages), or null when they are where they were installed
   */
  static long bytesOf(InstalledDistribution dist, Path movedTo) throws IOException {
    Path sitePackages = dist.distInfoDirectory().getParent();
    long bytes = 0;
    for (InstalledFile file : dist.files()) {
      Path location = file.location();
      if (movedTo != null && location.startsWith(sitePackages)) {
        location = movedTo.resolve(sitePackages.relativize(location).toString());
      }
      bytes += sizeIfFile(location);
      String name = location.getFileName().toString();
      if (name.endsWith(".py")) {
        String stem = name.substring(0, name.length() - 3);
        bytes += sizeIfFile(location.resolveSibling(stem + ".pyc"));
        Path cache = location.resolveSibling("__pycache__");
        if (Files.isDirectory(cache)) {
          try (DirectoryStream<Path> pycs = Files.newDirectoryStream(cache, stem + ".*.pyc")) {
            for (Path pyc : pycs) {
              bytes += sizeIfFile(pyc);
            }
          }
        }
      }
    }
    return bytes;
  }

  private static long sizeIfFile(Path path) throws IOException {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.size(path) : 0;
  }
}
