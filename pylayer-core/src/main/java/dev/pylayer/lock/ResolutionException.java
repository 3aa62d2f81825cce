package dev.pylayer.lock;

/**
 * The requirements cannot be met. The message is the explanation: a chain of "Because ..., ...
 * And because ..., the requirements are unsatisfiable." a person can act on, prefixed with the
 * target when the resolution was for one.
 */
public final class ResolutionException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String explanation;
  private final String target;

  public ResolutionException(String explanation) {
    this(explanation, null);
  }

  private ResolutionException(String explanation, String target) {
    super(target == null ? explanation : "cannot lock for " + target + ":\n" + explanation);
    this.explanation = explanation;
    this.target = target;
  }

  /** The same failure, saying which target it was resolved for. */
  public ResolutionException forTarget(String target) {
    return new ResolutionException(explanation, target);
  }

  /** The derivation chain, without the target prefix. */
  public String explanation() {
    return explanation;
  }

  /** The target the resolution was for, or null. */
  public String target() {
    return target;
  }
}
