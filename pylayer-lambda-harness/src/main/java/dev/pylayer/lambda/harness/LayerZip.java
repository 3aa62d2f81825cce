package dev.pylayer.lambda.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a layer zip as Lambda does before mounting it at /opt: every entry with the Unix mode the
 * zip records (an entry without one gets 644, or 755 for directories), symbolic links as links.
 * Entries that would land outside the target are refused.
 */
final class LayerZip {
  private static final int S_IFMT = 0170000;
  private static final int S_IFLNK = 0120000;

  private LayerZip() {}

  static void unpack(Path zip, Path target) throws IOException {
    Path root = Files.createDirectories(target).toRealPath();
    // Directory modes are set last: a read-only directory must first receive its files.
    java.util.Map<Path, Integer> directoryModes = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry entry : Collections.list(file.getEntries())) {
        Path out = root.resolve(entry.getName()).normalize();
        if (!out.startsWith(root) || out.equals(root) && !entry.isDirectory()) {
          throw new IOException("the layer zip " + zip + " has an entry outside its root: " + entry.getName());
        }
        int mode = entry.getUnixMode();
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          directoryModes.put(out, mode == 0 ? 0755 : mode);
        } else if ((mode & S_IFMT) == S_IFLNK) {
          Files.createDirectories(out.getParent());
          try (InputStream in = file.getInputStream(entry)) {
            Files.createSymbolicLink(out, Path.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
          }
        } else {
          Files.createDirectories(out.getParent());
          try (InputStream in = file.getInputStream(entry)) {
            Files.copy(in, out);
          }
          Files.setPosixFilePermissions(out, permissions(mode == 0 ? 0644 : mode));
        }
      }
    }
    for (var dir : directoryModes.entrySet()) {
      Files.setPosixFilePermissions(dir.getKey(), permissions(dir.getValue()));
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(order[bit]);
      }
    }
    return perms;
  }
}
