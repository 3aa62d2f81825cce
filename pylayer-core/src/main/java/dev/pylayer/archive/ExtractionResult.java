package dev.pylayer.archive;

import java.nio.file.Path;

/** What an extraction produced: where the tree is and how much went into it. */
public final class ExtractionResult {

  private final Path root;
  private final int files;
  private final int directories;
  private final int symlinks;
  private final int hardlinks;
  private final long bytes;

  ExtractionResult(Path root, int files, int directories, int symlinks, int hardlinks, long bytes) {
    this.root = root;
    this.files = files;
    this.directories = directories;
    this.symlinks = symlinks;
    this.hardlinks = hardlinks;
    this.bytes = bytes;
  }

  /** The extracted tree (the extraction target, absolute). */
  public Path root() {
    return root;
  }

  /** Regular files written, hard-link copies included. */
  public int files() {
    return files;
  }

  /** Directories created, explicit entries and implied parents. */
  public int directories() {
    return directories;
  }

  /** Symbolic links created. */
  public int symlinks() {
    return symlinks;
  }

  /** Hard-link entries (written as copies, also counted in {@link #files()}). */
  public int hardlinks() {
    return hardlinks;
  }

  /** Bytes written to regular files. */
  public long bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return root + ": " + files + " files, " + directories + " directories, " + symlinks
        + " symlinks, " + bytes + " bytes";
  }
}
