package dev.pylayer.verify;

import java.util.Optional;

/**
 * What the smoke test did.
 *
 * @param ran whether the code ran at all
 * @param ok whether it ran and exited 0
 * @param seconds wall time of the interpreter process (0 when it did not run)
 * @param output what it printed (standard output then standard error, the tail when long)
 * @param skippedReason why it did not run, when it did not
 * @param emulator the emulator it ran under (qemu), when it was not native
 * @param importTime its {@code -X importtime} profile; null when it did not run or imported nothing
 */
public record SmokeResult(
    boolean ran, boolean ok, double seconds, String output, Optional<String> skippedReason,
    Optional<String> emulator, ImportTimeProfile importTime) {

  public SmokeResult(boolean ran, boolean ok, double seconds, String output,
      Optional<String> skippedReason, Optional<String> emulator) {
    this(ran, ok, seconds, output, skippedReason, emulator, null);
  }

  public static SmokeResult skipped(String reason) {
    return new SmokeResult(false, false, 0, "", Optional.of(reason), Optional.empty());
  }
}
