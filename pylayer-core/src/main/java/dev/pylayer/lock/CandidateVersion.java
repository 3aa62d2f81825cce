package dev.pylayer.lock;

import dev.pylayer.pep.Version;
import java.util.Objects;
import java.util.Optional;

/** One version of a project as a {@link PackageSource} lists it for a target. Immutable. */
public final class CandidateVersion {

  private final Version version;
  private final boolean yanked;
  private final String unusableReason;

  private CandidateVersion(Version version, boolean yanked, String unusableReason) {
    this.version = Objects.requireNonNull(version, "version");
    this.yanked = yanked;
    this.unusableReason = unusableReason;
  }

  /** A version the target can use (if the resolver accepts it: yanked ones need an exact pin). */
  public static CandidateVersion usable(Version version, boolean yanked) {
    return new CandidateVersion(version, yanked, null);
  }

  /**
   * A version the target cannot use, with a reason a person can act on, written as a clause that
   * can follow "Because", e.g. {@code "no wheel of tokenizers 0.20.0 fits arm64/cp311/..."}.
   */
  public static CandidateVersion unusable(Version version, String reason) {
    return new CandidateVersion(version, false, Objects.requireNonNull(reason, "reason"));
  }

  public Version version() {
    return version;
  }

  /** Whether every file of the version the target could use is yanked (PEP 592). */
  public boolean yanked() {
    return yanked;
  }

  /** Why the target cannot use this version; empty when it can. */
  public Optional<String> unusableReason() {
    return Optional.ofNullable(unusableReason);
  }

  @Override
  public String toString() {
    return version + (yanked ? " (yanked)" : "")
        + (unusableReason == null ? "" : " (unusable: " + unusableReason + ")");
  }
}
