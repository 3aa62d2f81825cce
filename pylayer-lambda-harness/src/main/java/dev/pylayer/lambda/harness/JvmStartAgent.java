package dev.pylayer.lambda.harness;

import java.time.Instant;

/**
 * A Java agent the launcher adds to the function's JVM: its {@code premain} runs once the JVM is up,
 * before the runtime interface client's {@code main}, and prints the time, which the harness reads to
 * split the init phase into JVM start and the rest. It loads nothing beyond {@code java.time}.
 */
public final class JvmStartAgent {
  /** The prefix of the line the agent prints on the function's standard output. */
  public static final String MARKER = "pylayer-harness: jvm started at epoch-us ";

  private JvmStartAgent() {}

  /** Prints {@link #MARKER} and the current time in microseconds since the epoch. */
  public static void premain(String args) {
    Instant now = Instant.now();
    System.out.println(MARKER + (now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000));
    System.out.flush();
  }
}
