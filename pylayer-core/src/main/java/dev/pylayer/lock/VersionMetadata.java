package dev.pylayer.lock;

import dev.pylayer.pep.Requirement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the resolver reads from one version's core metadata. Immutable. */
public final class VersionMetadata {

  private final List<Requirement> requiresDist;
  private final String unusableReason;

  private VersionMetadata(List<Requirement> requiresDist, String unusableReason) {
    this.requiresDist = List.copyOf(requiresDist);
    this.unusableReason = unusableReason;
  }

  /** A usable version with these {@code Requires-Dist} entries (markers unevaluated). */
  public static VersionMetadata of(List<Requirement> requiresDist) {
    return new VersionMetadata(Objects.requireNonNull(requiresDist, "requiresDist"), null);
  }

  /** A version the target cannot use after all, e.g. its Requires-Python excludes it. */
  public static VersionMetadata unusable(String reason) {
    return new VersionMetadata(List.of(), Objects.requireNonNull(reason, "reason"));
  }

  /** Every {@code Requires-Dist} entry, markers not yet evaluated. */
  public List<Requirement> requiresDist() {
    return requiresDist;
  }

  /** Why the version cannot be used, written as a clause; empty when it can. */
  public Optional<String> unusableReason() {
    return Optional.ofNullable(unusableReason);
  }
}
