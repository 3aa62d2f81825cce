package dev.pylayer.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which installed distribution wrote a file: read from the {@code RECORD} of every {@code
 * *.dist-info} directory in a site-packages directory. Used only to name the other side of a
 * conflict, so it is built lazily.
 */
final class InstalledFileOwners {

  private final Map<Path, String> ownerByFile;

  private InstalledFileOwners(Map<Path, String> ownerByFile) {
    this.ownerByFile = ownerByFile;
  }

  static InstalledFileOwners scan(Path sitePackages) throws IOException {
    Map<Path, String> owners = new HashMap<>();
    if (!Files.isDirectory(sitePackages)) {
      return new InstalledFileOwners(owners);
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sitePackages, "*.dist-info")) {
      for (Path distInfo : dirs) {
        Path record = distInfo.resolve("RECORD");
        if (!Files.isRegularFile(record)) {
          continue;
        }
        String owner = describe(distInfo.getFileName().toString());
        String text = new String(Files.readAllBytes(record), StandardCharsets.UTF_8);
        try {
          for (RecordEntry entry : RecordFile.parse(text)) {
            owners.put(sitePackages.resolve(entry.path()).normalize(), owner);
          }
        } catch (IllegalArgumentException e) {
          // a broken RECORD of someone else only costs us the owner's name in a message
        }
      }
    }
    return new InstalledFileOwners(owners);
  }

  /** {@code demo_pkg-1.0.dist-info} → {@code "demo_pkg 1.0"}. */
  static String describe(String distInfoName) {
    String stem = distInfoName.substring(0, distInfoName.length() - ".dist-info".length());
    int dash = stem.indexOf('-');
    return dash < 0 ? stem : stem.substring(0, dash) + " " + stem.substring(dash + 1);
  }

  Optional<String> ownerOf(Path file) {
    return Optional.ofNullable(ownerByFile.get(file.toAbsolutePath().normalize()));
  }
}
