package dev.pylayer.archive;

import dev.pylayer.files.FileTrees;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A tar archive extracted once and kept between builds (under the cache), checked against the
 * archive every time it is used, because pylayer runs what is in it. A kept tree that differs
 * from its archive in any byte, mode, link or added file is reported, removed and extracted again.
 * The archive itself must already be verified (by its hash) by the caller.
 */
public final class KeptExtraction {

  private final Consumer<String> warnings;

  private KeptExtraction(Consumer<String> warnings) {
    this.warnings = warnings;
  }

  /** Checks and repairs kept trees, telling {@code warnings} (one sentence) about repairs. */
  public static KeptExtraction reportingTo(Consumer<String> warnings) {
    return new KeptExtraction(Objects.requireNonNull(warnings, "warnings"));
  }

  /**
   * The extraction of {@code archive} at {@code target}, made now if missing, checked if kept.
   *
   * @return what was found or done
   */
  public Result ensure(Path archive, Path target) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Optional<String> difference = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
          ? ExtractedTreeCheck.firstDifference(archive, target)
          : Optional.of(target + " is not a directory");
      if (difference.isEmpty()) {
        return new Result(target, false, Optional.empty());
      }
      warnings.accept("the kept extraction " + target + " of " + archive.getFileName()
          + " no longer matches the archive (" + difference.get() + "); it was removed and is"
          + " extracted again from the verified archive");
      Path aside = target.resolveSibling(
          "." + target.getFileName() + "." + UUID.randomUUID() + ".evicted");
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
      FileTrees.delete(aside);
      extract(archive, target);
      return new Result(target, true, difference);
    }
    extract(archive, target);
    return new Result(target, true, Optional.empty());
  }

  private static void extract(Path archive, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempDirectory(target.getParent(), ".extract-");
    Files.delete(temp);
    ArchiveExtractor.create().extract(archive, temp);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      FileTrees.delete(temp); // another build extracted it meanwhile; the next use checks it
    }
  }

  /**
   * A kept tree ready to use.
   *
   * @param root the tree
   * @param extracted whether it was extracted by this call
   * @param repaired what differed, when a changed tree was replaced
   */
  public record Result(Path root, boolean extracted, Optional<String> repaired) {}
}
