package dev.pylayer.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a layer zip the way Lambda does into {@code /opt}, honouring Unix modes and symbolic
 * links, with the safety rules of {@link SafeTreeWriter} (no absolute or {@code ..} names, no links
 * leaving the tree, no device or FIFO entries, no duplicate names) and all-or-nothing output.
 * Optionally the result is made read-only, like {@code /opt} on Lambda, so a smoke test catches an
 * interpreter or package that wants to write next to itself.
 */
public final class SafeZipExtractor {

  private static final int MAX_LINK_TARGET_BYTES = 4096;

  private final boolean readOnly;
  private final UnpackLimits limits;

  private SafeZipExtractor(boolean readOnly, UnpackLimits limits) {
    this.readOnly = readOnly;
    this.limits = limits;
  }

  /**
   * An extractor that leaves the tree writable by its owner, without unpack limits (layer zips are
   * written by pylayer itself; see {@link #limits}).
   */
  public static SafeZipExtractor create() {
    return new SafeZipExtractor(false, UnpackLimits.NONE);
  }

  /** This extractor with limits on what one zip may unpack to. */
  public SafeZipExtractor limits(UnpackLimits limits) {
    return new SafeZipExtractor(readOnly, java.util.Objects.requireNonNull(limits));
  }

  /**
   * This extractor, removing every write permission once extracted when {@code readOnly} (use
   * {@link #makeWritable(Path)} before deleting such a tree).
   */
  public SafeZipExtractor readOnly(boolean readOnly) {
    return new SafeZipExtractor(readOnly, limits);
  }

  /**
   * Extracts {@code zip} into {@code target}, which must not exist.
   *
   * @throws dev.pylayer.archive.UnsafeArchiveException naming the refused entry
   */
  public ExtractionResult extract(Path zip, Path target) throws IOException {
    String label = zip.toString();
    UnpackBudget budget = limits.start(label);
    ExtractionResult result;
    try (ZipFile zipFile = ZipFile.builder().setPath(zip).get();
        SafeTreeWriter tree = SafeTreeWriter.open(label, target, "", budget)) {
      List<ZipArchiveEntry> all = java.util.Collections.list(zipFile.getEntriesInPhysicalOrder());
      budget.checkEntryCount(all.size());
      for (ZipArchiveEntry entry : all) {
        write(tree, zipFile, entry, budget);
      }
      result = tree.commit();
    }
    if (readOnly) {
      setWritable(result.root(), false);
    }
    return result;
  }

  /** Gives the owner write permission on every directory and file of a read-only tree again. */
  public static void makeWritable(Path tree) throws IOException {
    setWritable(tree, true);
  }

  private static void write(SafeTreeWriter tree, ZipFile zipFile, ZipArchiveEntry entry,
      UnpackBudget budget) throws IOException {
    String name = entry.getName();
    boolean unix = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && entry.getUnixMode() != 0;
    int mode = unix ? entry.getUnixMode() : 0;
    int type = mode & UnixModes.S_IFMT;
    if (unix && type == UnixModes.S_IFLNK) {
      if (entry.getSize() > MAX_LINK_TARGET_BYTES) {
        throw tree.refuse(name, "a symbolic link target of " + entry.getSize() + " bytes");
      }
      try (InputStream in = zipFile.getInputStream(entry)) {
        byte[] target = in.readNBytes(MAX_LINK_TARGET_BYTES + 1);
        if (target.length > MAX_LINK_TARGET_BYTES) {
          throw tree.refuse(name, "a symbolic link target longer than " + MAX_LINK_TARGET_BYTES
              + " bytes");
        }
        tree.symlink(name, new String(target, StandardCharsets.UTF_8));
      }
    } else if (unix && type != 0 && type != UnixModes.S_IFREG && type != UnixModes.S_IFDIR) {
      throw tree.refuse(name, "the Unix mode 0" + Integer.toOctalString(mode)
          + " marks a device, FIFO or socket, which cannot be part of a layer");
    } else if (entry.isDirectory() || type == UnixModes.S_IFDIR) {
      tree.directory(name, unix ? mode : 0755);
    } else {
      if (!zipFile.canReadEntryData(entry)) {
        throw tree.refuse(name, "the entry uses compression method " + entry.getMethod()
            + " or encryption, which pylayer cannot read; zips must use DEFLATE or STORED");
      }
      long compressed = entry.getCompressedSize();
      try (InputStream in = zipFile.getInputStream(entry)) {
        tree.file(name, unix ? mode : 0644,
            budget.limit(name, in, UnpackBudget.compressedCount(in, compressed)));
      }
    }
  }

  private static void setWritable(Path tree, boolean writable) throws IOException {
    Files.walkFileTree(tree, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        if (writable) {
          change(dir, true); // before listing: children must become deletable
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isSymbolicLink()) {
          change(file, writable);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        if (!writable) {
          change(dir, false); // after its children: a read-only directory refuses changes
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void change(Path path, boolean writable) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
    if (writable) {
      permissions.add(PosixFilePermission.OWNER_WRITE);
    } else {
      permissions.remove(PosixFilePermission.OWNER_WRITE);
      permissions.remove(PosixFilePermission.GROUP_WRITE);
      permissions.remove(PosixFilePermission.OTHERS_WRITE);
    }
    Files.setPosixFilePermissions(path, permissions);
  }
}
