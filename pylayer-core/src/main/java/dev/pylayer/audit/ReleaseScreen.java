package dev.pylayer.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a release may go into a lock or a layer: not on a known-bad list, and (when the
 * index says so) not yanked. A hash-locked build stops a swapped file, not a malicious release
 * that someone locked; this stops the releases known to be bad.
 */
public final class ReleaseScreen {

  private final KnownBadReleases knownBad;
  private final boolean refuseYanked;

  private ReleaseScreen(KnownBadReleases knownBad, boolean refuseYanked) {
    this.knownBad = knownBad;
    this.refuseYanked = refuseYanked;
  }

  /** A screen against the bundled known-bad list, refusing yanked files. */
  public static ReleaseScreen bundled() {
    return new ReleaseScreen(KnownBadReleases.bundled(), true);
  }

  /** A screen against {@code knownBad}, refusing yanked files. */
  public static ReleaseScreen of(KnownBadReleases knownBad) {
    return new ReleaseScreen(Objects.requireNonNull(knownBad, "knownBad"), true);
  }

  /**
   * This screen letting yanked files through, as PEP 592 allows for exact pins (the known-bad
   * lists still apply).
   */
  public ReleaseScreen allowingYanked() {
    return new ReleaseScreen(knownBad, false);
  }

  /** The known-bad lists this screen uses. */
  public KnownBadReleases knownBad() {
    return knownBad;
  }

  /**
   * Why {@code project} {@code version} (whose file is {@code fileName}) must not be used, or
   * empty when it may.
   *
   * @param yankedReason present (possibly empty) when the index marks the file yanked (PEP 592)
   */
  public Optional<String> refusal(String project, String version, String fileName,
      Optional<String> yankedReason) {
    Optional<KnownBadRelease> bad = knownBad.find(project, version);
    if (bad.isPresent()) {
      return Optional.of(bad.get().refusal(project, version));
    }
    if (refuseYanked && yankedReason.isPresent()) {
      String reason = yankedReason.get().isBlank() ? "no reason given"
          : "reason: " + yankedReason.get();
      return Optional.of(project + " " + version + " (" + fileName + ") is yanked on its index ("
          + reason + "); yanked releases are withdrawn by their authors, sometimes because they"
          + " are broken or malicious. Pin another version and lock again");
    }
    return Optional.empty();
  }
}
