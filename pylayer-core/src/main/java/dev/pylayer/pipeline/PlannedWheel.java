package dev.pylayer.pipeline;

import dev.pylayer.pep.PackageName;
import java.net.URI;
import java.util.List;

/**
 * One wheel a layer will install, chosen before anything is downloaded.
 *
 * @param name the distribution
 * @param version its version as pinned
 * @param filename the wheel's file name
 * @param url where it is (http(s) or file)
 * @param sha256 the hashes it may have (lower-case hex; from the pin, the lock or the index);
 *     empty only for a local find-links file, which is then hashed and the hash recorded
 * @param origin what asked for it, for messages ({@code requirements.txt:3}, {@code pylock.toml})
 */
public record PlannedWheel(
    PackageName name, String version, String filename, URI url, List<String> sha256,
    String origin) {

  public PlannedWheel {
    sha256 = List.copyOf(sha256);
  }

  /** Whether the wheel is a local file (which may be hashed here when no hash is known). */
  public boolean isLocal() {
    return "file".equalsIgnoreCase(url.getScheme());
  }
}
