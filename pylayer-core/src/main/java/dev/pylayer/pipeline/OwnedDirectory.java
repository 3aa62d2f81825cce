package dev.pylayer.pipeline;

import dev.pylayer.files.FileTrees;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A temporary directory that says whether its owner still runs. The owner holds an exclusive lock
 * on the {@code .owner} file inside it for as long as it lives; the operating system drops the
 * lock when the process dies, even by {@code kill -9}. So a later run can tell a directory of a
 * dead build (lock free) from one of a build running beside it (lock held, by another process or
 * by another thread of this one), and remove only the former. The file also names the pid, for
 * people.
 */
final class OwnedDirectory implements AutoCloseable {

  static final String OWNER = ".owner";

  /**
   * A directory without an owner file (made by an older pylayer, or by a build that died between
   * creating it and locking its owner file) counts as abandoned only when it is older than this
   * process and than this grace period: a live build locks its owner file microseconds after
   * creating the directory.
   */
  private static final Duration GRACE = Duration.ofMinutes(1);

  private static final Instant PROCESS_START = ProcessHandle.current().info().startInstant()
      .orElse(Instant.now());

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private OwnedDirectory(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /** Creates {@code parent/<prefix><random>} and locks its owner file. */
  static OwnedDirectory create(Path parent, String prefix) throws IOException {
    Path dir = Files.createTempDirectory(parent, prefix);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.resolve(OWNER), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      FileLock lock = channel.lock();
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
          .getBytes(StandardCharsets.US_ASCII)));
      return new OwnedDirectory(dir, channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      FileTrees.delete(dir);
      throw e;
    }
  }

  Path path() {
    return dir;
  }

  /** Deletes the directory and everything left in it, then lets go of the lock. */
  @Override
  public void close() throws IOException {
    try {
      FileTrees.delete(dir);
    } finally {
      try {
        lock.release();
      } catch (IOException ignored) {
        // the channel closes below, which releases it as well
      }
      channel.close();
    }
  }

  /** What to do with an abandoned directory before it is deleted (e.g. finish a publish). */
  interface Salvage {
    void salvage(Path abandoned) throws IOException;
  }

  /**
   * Removes every {@code parent/<prefix>*} directory whose owner is gone, after {@code salvage}
   * had a look at it, holding the dead owner's lock meanwhile so two cleaners never both work on
   * one. A directory that cannot be removed is skipped with a warning: cleaning up after another
   * build never fails this one.
   *
   * @return the directories removed
   */
  static List<Path> removeAbandoned(Path parent, String prefix, Salvage salvage,
      java.util.function.Consumer<String> warn) {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(parent)) {
      return removed;
    }
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent, prefix + "*")) {
      stream.forEach(candidates::add);
    } catch (IOException e) {
      warn.accept("cannot list " + parent + " for leftovers of earlier builds: " + e.getMessage());
      return removed;
    }
    for (Path candidate : candidates) {
      if (!Files.isDirectory(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        if (removeIfAbandoned(candidate, salvage)) {
          removed.add(candidate);
        }
      } catch (IOException e) {
        warn.accept("cannot remove " + candidate + ", left by an earlier build: "
            + e.getMessage());
      }
    }
    return removed;
  }

  private static boolean removeIfAbandoned(Path dir, Salvage salvage) throws IOException {
    Path owner = dir.resolve(OWNER);
    // The owner writes its pid only once it holds the lock: an empty (or missing) owner file is a
    // directory being set up right now, or one whose owner died in that instant. Never lock such
    // a file (the owner would fail to take its own lock); judge it by age instead.
    long ownerBytes;
    try {
      ownerBytes = Files.exists(owner) ? Files.size(owner) : 0;
    } catch (NoSuchFileException e) {
      return false; // its owner is deleting it right now
    }
    if (ownerBytes == 0) {
      Instant modified = Files.getLastModifiedTime(dir).toInstant();
      if (modified.isAfter(PROCESS_START) || modified.isAfter(Instant.now().minus(GRACE))) {
        return false;
      }
      salvage.salvage(dir);
      FileTrees.delete(dir);
      return true;
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(owner, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return false; // its owner is deleting it right now
    }
    try (channel) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // owned by another build in this process
      }
      if (lock == null) {
        return false; // owned by a live process
      }
      salvage.salvage(dir);
      FileTrees.delete(dir);
      return true;
    }
  }
}
