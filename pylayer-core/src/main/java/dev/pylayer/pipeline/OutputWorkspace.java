package dev.pylayer.pipeline;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where one architecture's layer is built, and how it becomes the output. The build writes into
 * {@code <out>/.pylayer-work-layer-build-<arch>-*} (an {@link OwnedDirectory} beside the output, on
 * the same file system): {@link #result()} gets {@code layer/}, the zip and {@code report.json}
 * under their final names, {@link #scratch()} everything else. Only when every step passed does
 * {@link #publish()} swap the result directory in as {@code layer-build-<arch>} by renames: the
 * previous output directory moves into the workspace first, so a reader sees the old complete set
 * or the new one. Files in the previous output that the new set does not replace (anything the
 * user put there) are moved back.
 *
 * <p>A build that fails never touches the output: closing the workspace deletes it and the
 * directories this build created for it, if they are still empty. A build killed while publishing
 * leaves a {@code publishing} marker in its workspace; the next run finishes or undoes the swap
 * (see {@link #salvage}) before deleting the workspace. Publishing takes a lock ({@code
 * <out>/.pylayer-publish.lock}, created only by a build that publishes), so builds into one
 * output directory publish one at a time.
 */
final class OutputWorkspace implements AutoCloseable {

  static final String PREFIX = ".pylayer-work-";
  static final String PUBLISH_LOCK = ".pylayer-publish.lock";
  private static final String PUBLISHING = "publishing";
  private static final String RESULT = "result";
  private static final String PREVIOUS = "previous";
  private static final String SCRATCH = "scratch";

  /** File locks are per process; builds on threads of one process also wait for each other. */
  private static final Object PUBLISH_MONITOR = new Object();

  private final Path target;
  private final OwnedDirectory work;
  private final List<Path> created;
  private boolean published;

  private OutputWorkspace(Path target, OwnedDirectory work, List<Path> created) {
    this.target = target;
    this.work = work;
    this.created = created;
  }

  /**
   * Creates the workspace for the output directory {@code target} (an absolute, normalized path),
   * first removing workspaces of dead builds beside it.
   */
  static OutputWorkspace open(Path target, Consumer<String> warn) throws IOException {
    Path parent = target.getParent();
    List<Path> created = createDirectories(parent);
    try {
      removeAbandoned(parent, warn);
      OwnedDirectory work = OwnedDirectory.create(parent, PREFIX + target.getFileName() + "-");
      Files.createDirectory(work.path().resolve(RESULT));
      Files.createDirectory(work.path().resolve(SCRATCH));
      return new OutputWorkspace(target, work, created);
    } catch (IOException | RuntimeException e) {
      removeIfEmpty(created);
      throw e;
    }
  }

  /** Removes the workspaces of dead builds in {@code parent} (and finishes their publishing). */
  static List<Path> removeAbandoned(Path parent, Consumer<String> warn) {
    return OwnedDirectory.removeAbandoned(parent, PREFIX, OutputWorkspace::salvage, warn);
  }

  /** The directory that becomes the output: {@code layer/}, the zip, {@code report.json}. */
  Path result() {
    return work.path().resolve(RESULT);
  }

  /** Room for the steps' intermediate files; deleted with the workspace. */
  Path scratch() {
    return work.path().resolve(SCRATCH);
  }

  /** The output directory the result replaces. */
  Path target() {
    return target;
  }

  /**
   * Sets the mode of the result's files to what a new file gets under this process's umask (0644
   * by default): some steps write through temporary files, which Java creates as 0600.
   */
  void applyUmask(List<Path> files) throws IOException {
    Path probe = scratch().resolve(".umask-probe");
    Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW).close();
    PosixFileAttributeView probeView =
        Files.getFileAttributeView(probe, PosixFileAttributeView.class);
    if (probeView == null) {
      return; // not a POSIX file system: modes do not apply
    }
    Set<PosixFilePermission> mode = probeView.readAttributes().permissions();
    Files.delete(probe);
    for (Path file : files) {
      Files.setPosixFilePermissions(file, mode);
    }
  }

  /** Replaces the output directory with the result, by renames, holding the publish lock. */
  void publish() throws IOException {
    Path previous = work.path().resolve(PREVIOUS);
    withPublishLock(target.getParent(), () -> {
      Files.writeString(work.path().resolve(PUBLISHING), target.getFileName().toString());
      boolean hadPrevious = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
      if (hadPrevious) {
        Files.move(target, previous);
      }
      Files.move(result(), target);
      published = true;
      if (hadPrevious) {
        restoreOthers(previous, target);
      }
    });
  }

  /** Deletes the workspace; after a failure also the directories created for it, when empty. */
  @Override
  public void close() throws IOException {
    try {
      work.close();
    } finally {
      if (!published) {
        removeIfEmpty(created);
      }
    }
  }

  private interface Action {
    void run() throws IOException;
  }

  private static void withPublishLock(Path parent, Action action) throws IOException {
    synchronized (PUBLISH_MONITOR) {
      try (FileChannel channel = FileChannel.open(parent.resolve(PUBLISH_LOCK),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        action.run();
      }
    }
  }

  /**
   * Finishes what a dead build's publish left: if its result was not moved yet and the output is
   * gone (moved aside just before the kill), the result moves in (it passed every check before
   * publishing began); otherwise the output stays as it is. Files of the previous output the new
   * one does not replace move back.
   */
  private static void salvage(Path abandoned) throws IOException {
    Path marker = abandoned.resolve(PUBLISHING);
    if (!Files.isRegularFile(marker)) {
      return;
    }
    String name = Files.readString(marker).strip();
    if (name.isEmpty() || name.startsWith(".") || Path.of(name).getNameCount() != 1
        || name.contains("/")) {
      return; // not a marker this code wrote: do not act on it
    }
    Path parent = abandoned.getParent();
    Path target = parent.resolve(name);
    withPublishLock(parent, () -> {
      Path result = abandoned.resolve(RESULT);
      if (Files.isDirectory(result) && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.move(result, target);
      }
      Path previous = abandoned.resolve(PREVIOUS);
      if (Files.isDirectory(previous) && Files.isDirectory(target)) {
        restoreOthers(previous, target);
      }
    });
  }

  /** Moves entries of {@code previous} that {@code target} has no entry for into it. */
  private static void restoreOthers(Path previous, Path target) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(previous)) {
      stream.forEach(entries::add);
    }
    for (Path entry : entries) {
      Path name = entry.getFileName();
      if (name.toString().startsWith(PREFIX)) {
        continue; // a workspace of an older pylayer inside the output: removed with this one
      }
      Path into = target.resolve(name.toString());
      if (!Files.exists(into, LinkOption.NOFOLLOW_LINKS)) {
        Files.move(entry, into);
      }
    }
  }

  /** Creates {@code dir} and its missing parents; returns those created, deepest first. */
  private static List<Path> createDirectories(Path dir) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(p);
    }
    Files.createDirectories(dir);
    return missing;
  }

  private static void removeIfEmpty(List<Path> created) {
    for (Path dir : created) {
      try {
        Files.delete(dir);
      } catch (IOException e) {
        return; // not empty (another build uses it) or gone: leave it and its parents
      }
    }
  }
}
