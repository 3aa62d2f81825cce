package dev.pylayer.fetch;

import java.time.Duration;

/** How long to wait before retry number {@code retry} (0 for the first retry). */
@FunctionalInterface
public interface RetryBackoff {

  /** The pause before the given retry. */
  Duration delayBefore(int retry);

  /** {@code base * 2^retry}: with 200 ms, pauses of 0.2 s, 0.4 s, 0.8 s, like pip's urllib3. */
  static RetryBackoff exponential(Duration base) {
    return retry -> base.multipliedBy(1L << Math.min(retry, 20));
  }

  /** No pause at all (tests). */
  static RetryBackoff none() {
    return retry -> Duration.ZERO;
  }
}
