package dev.pylayer.archive;

import java.io.IOException;
import java.util.Objects;

/**
 * An archive entry that would write outside the extraction root, or that pylayer refuses to
 * materialize (device files, duplicate names, links leaving the tree). Nothing of the archive is
 * left on disk when this is thrown by an extractor.
 */
public final class UnsafeArchiveException extends IOException {

  private final String archive;
  private final String entry;
  private final String problem;

  /**
   * @param archive the archive as the user knows it (a path or file name)
   * @param entry the entry name exactly as stored in the archive
   * @param problem what is wrong with it, as a sentence fragment
   */
  public UnsafeArchiveException(String archive, String entry, String problem) {
    super(archive + ": refusing entry '" + entry + "': " + problem);
    this.archive = Objects.requireNonNull(archive, "archive");
    this.entry = Objects.requireNonNull(entry, "entry");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The archive that holds the refused entry. */
  public String archive() {
    return archive;
  }

  /** The refused entry's name as stored in the archive. */
  public String entry() {
    return entry;
  }

  /** Why the entry was refused. */
  public String problem() {
    return problem;
  }
}
