package dev.pylayer.verify;

import java.util.List;
import java.util.stream.Collectors;

/** Every check {@link LayerVerifier} made, in order; the layer passed when none failed. */
public record VerifyResult(List<Check> checks) {

  public VerifyResult {
    checks = List.copyOf(checks);
  }

  /** How one check ended. */
  public enum Status {
    PASSED("ok"),
    FAILED("FAILED"),
    NOT_CHECKED("not checked");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One check: its name (e.g. {@code sha256}), how it ended and what was found. */
  public record Check(String name, Status status, String detail) {}

  public boolean ok() {
    return checks.stream().noneMatch(c -> c.status() == Status.FAILED);
  }

  public List<Check> failures() {
    return checks.stream().filter(c -> c.status() == Status.FAILED).collect(Collectors.toList());
  }

  /** The failures, one per line, for an error message. */
  public String failureText() {
    return failures().stream().map(c -> "  " + c.name() + ": " + c.detail())
        .collect(Collectors.joining("\n"));
  }
}
