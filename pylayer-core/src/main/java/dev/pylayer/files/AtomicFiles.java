package dev.pylayer.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that readers see the old content or the new, never half of it: the bytes go to
 * a temporary file in the target's directory (the same file system), which then replaces the
 * target in one rename. A failed write leaves the target as it was and no temporary behind.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes {@code bytes} to {@code file} atomically, creating its directory if needed. */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: it makes the file 0600 whatever the umask, and the rename would
    // carry that mode to the target. A new file created by open(2) gets 0666 minus the umask.
    Path temp = dir.resolve("." + file.getFileName() + "." + Long.toUnsignedString(
        java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".part");
    try {
      Files.write(temp, bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE);
      replace(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Moves {@code temp} (a complete file in the target's directory) over {@code target} in one
   * rename; where the file system cannot rename atomically, a plain replacing move is the next
   * best.
   */
  public static void replace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
