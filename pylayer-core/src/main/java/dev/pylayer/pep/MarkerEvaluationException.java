package dev.pylayer.pep;

/** A marker that parsed but cannot be evaluated against the given environment. */
public abstract class MarkerEvaluationException extends RuntimeException {

  MarkerEvaluationException(String message) {
    super(message);
  }
}
