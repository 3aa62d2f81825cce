package dev.pylayer.index;

import dev.pylayer.pep.PackageName;
import java.util.List;
import java.util.Objects;

/**
 * Every distribution file of one project across the configured sources, in source order
 * (find-links, index URL, extra index URLs; each source's files in page order), identical URLs
 * listed once. Also says which sources could not be searched, for "not found" messages.
 */
public final class ProjectFiles {

  private final PackageName project;
  private final List<DistributionFile> files;
  private final List<IndexSource> searched;
  private final List<IndexSource> unreachable;

  /** A result: the files found, and which sources were searched or unreachable. */
  public ProjectFiles(
      PackageName project,
      List<DistributionFile> files,
      List<IndexSource> searched,
      List<IndexSource> unreachable) {
    this.project = Objects.requireNonNull(project, "project");
    this.files = List.copyOf(files);
    this.searched = List.copyOf(searched);
    this.unreachable = List.copyOf(unreachable);
  }

  public PackageName project() {
    return project;
  }

  public List<DistributionFile> files() {
    return files;
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }

  /** The sources that answered (with files or "no such project"). */
  public List<IndexSource> searched() {
    return searched;
  }

  /** The sources skipped because their host could not be reached in this run. */
  public List<IndexSource> unreachable() {
    return unreachable;
  }

  @Override
  public String toString() {
    return project + ": " + files.size() + " files from " + searched
        + (unreachable.isEmpty() ? "" : " (unreachable: " + unreachable + ")");
  }
}
