package dev.pylayer.lock;

import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Version;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * What the resolver needs to know about projects for one target, and nothing about where it
 * comes from: the real index ({@link IndexPackageSource}) and test scenarios both implement it.
 * Implementations decide which versions the target can use (a compatible wheel, Requires-Python)
 * and say why not; the resolver decides the rest (pre-releases, yanked versions, preferences).
 */
public interface PackageSource {

  /**
   * Every version the indexes list for the project, in any order; empty when the project does
   * not exist.
   *
   * @throws IOException if the indexes cannot be read
   */
  List<CandidateVersion> versions(PackageName project) throws IOException;

  /**
   * The dependencies a version declares, or why it cannot be used after all (e.g. its metadata
   * says Requires-Python excludes the target). Called only for versions {@link #versions} listed
   * as usable.
   *
   * @throws IOException if the metadata cannot be read
   */
  VersionMetadata metadata(PackageName project, Version version) throws IOException;

  /**
   * A hint that these projects will probably be asked about soon, so an implementation may start
   * fetching them in the background. The default does nothing.
   */
  default void prefetch(Collection<PackageName> projects) {}
}
