package dev.pylayer.optimize;

import dev.pylayer.files.AtomicFiles;
import dev.pylayer.install.RecordEntry;
import dev.pylayer.install.RecordFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes each {@code RECORD} list the files that are there, after pruning and after byte-compiling.
 *
 * <p>Why: pruning removes files RECORD names; a sourceless layer has {@code m.pyc} where the
 * wheel installed {@code m.py}, and a lazy re-export package a different {@code __init__.py};
 * left alone, RECORD would name thousands of files that are not in the layer (openai 3.22.1:
 * 1,877 of 1,890 rows) with hashes of sources nobody can check. Rows of a source replaced by its
 * legacy {@code .pyc} become {@code m.pyc,,} (no hash, as pip writes bytecode rows); a file whose
 * size changed gets its hash and size again; rows of files that are gone are dropped. The random
 * hashes were also most of RECORD's compressed bytes (litellm 1.81.9 layer: 152 KB of RECORDs down
 * to 28 KB).
 */
public final class RecordUpdater {

  private RecordUpdater() {}

  /**
   * Updates the RECORD of every {@code *.dist-info} directly under {@code root} (a site-packages
   * tree, or the zip layout's staging tree).
   *
   * @return how many RECORD files changed
   */
  public static int update(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int changed = 0;
    try (DirectoryStream<Path> distInfos = Files.newDirectoryStream(root, "*.dist-info")) {
      for (Path distInfo : distInfos) {
        if (update(distInfo, root)) {
          changed++;
        }
      }
    }
    return changed;
  }

  /** Updates {@code distInfo}'s RECORD, whose paths are relative to {@code root}. */
  static boolean update(Path distInfo, Path root) throws IOException {
    Path record = distInfo.resolve("RECORD");
    if (!Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    List<RecordEntry> rows = RecordFile.parse(Files.readString(record, StandardCharsets.UTF_8));
    List<RecordEntry> updated = new ArrayList<>(rows.size());
    boolean changed = false;
    for (RecordEntry row : rows) {
      RecordEntry now = current(row, root);
      if (now == null || !now.equals(row)) {
        changed = true;
      }
      if (now != null) {
        updated.add(now);
      }
    }
    if (changed) {
      AtomicFiles.write(record, RecordFile.format(updated).getBytes(StandardCharsets.UTF_8));
    }
    return changed;
  }

  /** What the row should say about the tree as it is now; null when its file is gone. */
  private static RecordEntry current(RecordEntry row, Path root) throws IOException {
    Path file = root.resolve(row.path()).normalize();
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      if (row.hasHash() && row.size().isPresent() && row.size().getAsLong() != Files.size(file)) {
        return RecordEntry.ofFile(row.path(), file);
      }
      return row;
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return row; // a link or directory: not this class's business
    }
    if (row.path().endsWith(".py")) {
      Path pyc = file.resolveSibling(file.getFileName() + "c");
      if (Files.isRegularFile(pyc, LinkOption.NOFOLLOW_LINKS)) {
        return RecordEntry.unhashed(row.path() + "c");
      }
    }
    return null;
  }
}
