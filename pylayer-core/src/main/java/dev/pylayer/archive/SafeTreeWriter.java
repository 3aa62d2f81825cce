package dev.pylayer.archive;

import dev.pylayer.files.FileTrees;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Materializes archive entries into a staging directory next to the target and moves the finished
 * tree into place in one rename, so readers never see half an archive and a refused entry leaves
 * nothing behind. Every extractor in pylayer writes through this class, which is where the safety
 * rules live:
 *
 * <ul>
 *   <li>names must pass {@link SafePaths#normalizeEntryName} (relative, no {@code ..});
 *   <li>no entry may pass through a symbolic link or a file created by an earlier entry, and no
 *       name may appear twice (except directories), which defeats "link, then write through it";
 *   <li>symbolic links must be relative and, following every link in the finished tree the way the
 *       kernel would, must never leave the root;
 *   <li>hard links must name an earlier regular file of the archive (they are written as copies).
 * </ul>
 *
 * <p>Modes: files keep their permission bits plus owner read/write, directories plus owner
 * read/write/execute, so later build steps can edit and delete the tree; setuid, setgid and sticky
 * bits are dropped.
 */
public final class SafeTreeWriter implements Closeable {

  /** Linux's limit on symbolic links followed while resolving one path (MAXSYMLINKS). */
  private static final int MAX_LINK_HOPS = 40;

  private enum Kind {
    DIRECTORY,
    FILE,
    SYMLINK
  }

  private static final class Node {
    final Kind kind;
    final String entryName;
    final String linkTarget;
    int mode;

    Node(Kind kind, String entryName, String linkTarget, int mode) {
      this.kind = kind;
      this.entryName = entryName;
      this.linkTarget = linkTarget;
      this.mode = mode;
    }
  }

  private final String archive;
  private final Path target;
  private final Path staging;
  private final String stripPrefix;
  private final UnpackBudget budget;
  private final Map<String, Node> nodes = new HashMap<>();
  private final List<String> symlinks = new ArrayList<>();
  private long bytes;
  private int files;
  private int hardlinks;
  private boolean finished;

  private SafeTreeWriter(String archive, Path target, Path staging, String stripPrefix,
      UnpackBudget budget) {
    this.archive = archive;
    this.budget = budget;
    this.target = target;
    this.staging = staging;
    this.stripPrefix = stripPrefix;
  }

  /**
   * Starts a tree for {@code target}, which must not exist yet.
   *
   * @param archive names the source archive in error messages
   * @param target the directory the finished tree becomes
   * @param stripLeadingDirectory if not empty, a top-level directory every entry must be under; it
   *     is removed from the entry names ({@code python} turns {@code python/bin/x} into {@code
   *     bin/x})
   */
  public static SafeTreeWriter open(String archive, Path target, String stripLeadingDirectory)
      throws IOException {
    return open(archive, target, stripLeadingDirectory, UnpackLimits.NONE.start(archive));
  }

  /**
   * Like {@link #open(String, Path, String)}, counting entries and copies against {@code budget}
   * (file data is counted by the caller reading it through {@link UnpackBudget#limit}).
   */
  public static SafeTreeWriter open(String archive, Path target, String stripLeadingDirectory,
      UnpackBudget budget) throws IOException {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(budget, "budget");
    String prefix = stripLeadingDirectory == null ? "" : stripLeadingDirectory;
    if (!prefix.isEmpty()) {
      prefix = SafePaths.normalizeEntryName("strip prefix", prefix);
    }
    Path absoluteTarget = target.toAbsolutePath().normalize();
    if (Files.exists(absoluteTarget, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(
          absoluteTarget.toString(),
          null,
          "the extraction target already exists; delete it or choose another directory");
    }
    Path parent = absoluteTarget.getParent();
    Files.createDirectories(parent);
    Path staging =
        Files.createTempDirectory(parent, "." + absoluteTarget.getFileName() + ".partial-");
    return new SafeTreeWriter(archive, absoluteTarget, staging, prefix, budget);
  }

  /** Creates a directory (and missing parents); a repeated directory entry updates the mode. */
  public void directory(String entryName, int mode) throws IOException {
    budget.countEntry(entryName);
    String path = relativePath(entryName);
    if (path.isEmpty()) {
      return; // the root itself ("./" or the stripped top-level directory)
    }
    Node existing = nodes.get(path);
    if (existing != null) {
      if (existing.kind != Kind.DIRECTORY) {
        throw refuse(entryName, "a directory entry replaces the earlier entry '"
            + existing.entryName + "'");
      }
      existing.mode = mode;
      return;
    }
    ensureParents(entryName, path);
    Files.createDirectory(staging.resolve(path));
    nodes.put(path, new Node(Kind.DIRECTORY, entryName, null, mode));
  }

  /** Writes a regular file with the bytes of {@code content} (read to its end, not closed). */
  public void file(String entryName, int mode, InputStream content) throws IOException {
    budget.countEntry(entryName);
    String path = newLeafPath(entryName);
    Path file = staging.resolve(path);
    long written;
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
      written = content.transferTo(out);
    }
    Files.setPosixFilePermissions(file, UnixModes.toPermissions((mode & 0777) | 0600));
    nodes.put(path, new Node(Kind.FILE, entryName, null, mode));
    bytes += written;
    files++;
  }

  /** Creates a symbolic link; its target is checked now lexically and at commit through links. */
  public void symlink(String entryName, String linkTarget) throws IOException {
    budget.countEntry(entryName);
    String path = newLeafPath(entryName);
    SafePaths.resolveLinkTarget(archive, entryName, path, linkTarget);
    Files.createSymbolicLink(staging.resolve(path), staging.getFileSystem().getPath(linkTarget));
    nodes.put(path, new Node(Kind.SYMLINK, entryName, linkTarget, 0777));
    symlinks.add(path);
  }

  /**
   * Writes a hard link as a copy of an earlier regular file of the archive (a copy keeps later
   * edits of one name, such as stripping, from changing the other).
   */
  public void hardlink(String entryName, String targetEntryName) throws IOException {
    String targetPath;
    try {
      targetPath = relativePath(targetEntryName);
    } catch (UnsafeArchiveException e) {
      throw refuse(entryName, "the hard link target '" + targetEntryName + "' is unsafe: "
          + e.problem());
    }
    Node linked = nodes.get(targetPath);
    if (linked == null || linked.kind != Kind.FILE) {
      throw refuse(entryName, "the hard link points at '" + targetEntryName
          + "', which is not a regular file earlier in the archive");
    }
    String path = newLeafPath(entryName);
    Path copy = staging.resolve(path);
    budget.countEntry(entryName);
    budget.countBytes(entryName, Files.size(staging.resolve(targetPath))); // before copying
    Files.copy(staging.resolve(targetPath), copy);
    Files.setPosixFilePermissions(copy, UnixModes.toPermissions((linked.mode & 0777) | 0600));
    nodes.put(path, new Node(Kind.FILE, entryName, null, linked.mode));
    bytes += Files.size(copy);
    files++;
    hardlinks++;
  }

  /** Refuses an entry of a type pylayer does not extract (devices, FIFOs, ...). */
  public UnsafeArchiveException refuse(String entryName, String problem) {
    return new UnsafeArchiveException(archive, entryName, problem);
  }

  /**
   * Checks every symbolic link against the finished tree, applies directory modes and moves the
   * tree to the target.
   */
  public ExtractionResult commit() throws IOException {
    for (String link : symlinks) {
      checkLinkStaysInside(link);
    }
    int directories = 0;
    for (Map.Entry<String, Node> entry : nodes.entrySet()) {
      if (entry.getValue().kind == Kind.DIRECTORY) {
        directories++;
        Files.setPosixFilePermissions(
            staging.resolve(entry.getKey()),
            UnixModes.toPermissions((entry.getValue().mode & 0777) | 0700));
      }
    }
    Files.setPosixFilePermissions(staging, UnixModes.toPermissions(0755));
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staging, target);
    }
    finished = true;
    return new ExtractionResult(target, files, directories, symlinks.size(), hardlinks, bytes);
  }

  /** Deletes the staging directory unless {@link #commit()} succeeded. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      FileTrees.delete(staging);
    }
  }



  private String relativePath(String entryName) throws UnsafeArchiveException {
    String path = SafePaths.normalizeEntryName(archive, entryName);
    if (stripPrefix.isEmpty()) {
      return path;
    }
    if (path.equals(stripPrefix)) {
      return "";
    }
    if (!path.startsWith(stripPrefix + "/")) {
      throw new UnsafeArchiveException(
          archive, entryName, "the entry is not under the expected top-level directory '"
              + stripPrefix + "/'");
    }
    return path.substring(stripPrefix.length() + 1);
  }

  /** Validates a name for a new file or link: not the root, not seen before, parents are dirs. */
  private String newLeafPath(String entryName) throws IOException {
    String path = relativePath(entryName);
    if (path.isEmpty()) {
      throw refuse(entryName, "the entry would replace the extraction root itself");
    }
    Node existing = nodes.get(path);
    if (existing != null) {
      throw refuse(entryName, "the name appears twice in the archive (first as '"
          + existing.entryName + "'); a second entry could replace or write through the first");
    }
    ensureParents(entryName, path);
    return path;
  }

  private void ensureParents(String entryName, String path) throws IOException {
    List<String> segments = SafePaths.segments(SafePaths.parentOf(path));
    StringBuilder prefix = new StringBuilder();
    for (String segment : segments) {
      if (prefix.length() > 0) {
        prefix.append('/');
      }
      prefix.append(segment);
      String parent = prefix.toString();
      Node node = nodes.get(parent);
      if (node == null) {
        Files.createDirectory(staging.resolve(parent));
        nodes.put(parent, new Node(Kind.DIRECTORY, parent + "/", null, 0755));
      } else if (node.kind == Kind.SYMLINK) {
        throw refuse(entryName, "the path goes through the symbolic link '" + node.entryName
            + "'; entries may not be written through links");
      } else if (node.kind == Kind.FILE) {
        throw refuse(entryName, "the path goes through '" + node.entryName
            + "', which is a file, not a directory");
      }
    }
  }

  /**
   * Resolves a link the way the kernel would, following every link in the staged tree, and fails
   * if any step climbs above the root. Dangling links that stay inside are allowed.
   */
  private void checkLinkStaysInside(String linkPath) throws UnsafeArchiveException {
    Node link = nodes.get(linkPath);
    Deque<String> current = new ArrayDeque<>(SafePaths.segments(SafePaths.parentOf(linkPath)));
    Deque<String> remaining = new ArrayDeque<>();
    pushSegments(remaining, link.linkTarget);
    int hops = 0;
    while (!remaining.isEmpty()) {
      String segment = remaining.pop();
      if (segment.equals("..")) {
        if (current.isEmpty()) {
          throw new UnsafeArchiveException(archive, link.entryName,
              "the symbolic link '" + linkPath + "' -> '" + link.linkTarget
                  + "' leads outside the extraction root through other links");
        }
        current.removeLast();
        continue;
      }
      current.addLast(segment);
      Node node = nodes.get(String.join("/", current));
      if (node == null) {
        return; // dangling inside the root: harmless
      }
      if (node.kind == Kind.SYMLINK) {
        if (++hops > MAX_LINK_HOPS) {
          throw new UnsafeArchiveException(archive, link.entryName,
              "the symbolic link '" + linkPath + "' is part of a loop of links");
        }
        current.removeLast();
        if (node.linkTarget.startsWith("/")) {
          throw new UnsafeArchiveException(archive, link.entryName,
              "the symbolic link '" + linkPath + "' leads to an absolute path");
        }
        pushSegments(remaining, node.linkTarget);
      } else if (node.kind == Kind.FILE && !remaining.isEmpty()) {
        return; // "file/more" does not resolve; nothing outside is reached
      }
    }
  }

  private static void pushSegments(Deque<String> remaining, String linkTarget) {
    List<String> parts = new ArrayList<>();
    for (String part : linkTarget.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      remaining.push(parts.get(i));
    }
  }
}
