package dev.pylayer.audit;

import java.io.IOException;
import java.util.List;

/** Releases a lock or a build must not use (known-malicious or yanked), all named at once. */
public final class RefusedReleaseException extends IOException {

  private static final long serialVersionUID = 1L;

  private final List<String> refusals;

  public RefusedReleaseException(List<String> refusals) {
    super(String.join("\n", refusals));
    this.refusals = List.copyOf(refusals);
  }

  /** One sentence per refused release. */
  public List<String> refusals() {
    return refusals;
  }
}
