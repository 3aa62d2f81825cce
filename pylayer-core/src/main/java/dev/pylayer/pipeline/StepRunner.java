package dev.pylayer.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the steps of one layer's build in order: announces each, times it, and turns a failure
 * into a {@link BuildException} that names the architecture and the step ("arm64, optimize: ..."),
 * so a user sees which step broke the layer. A step is any {@link Body}; adding one to the
 * pipeline is one more {@link #run} call in {@link LayerBuilder}.
 */
final class StepRunner {

  /** How long one step took. */
  record Timing(String step, double seconds) {}

  /** A step's work, returning its (immutable) result. */
  interface Body<R> {
    R run() throws IOException;
  }

  private final String label;
  private final BuildListener listener;
  private final List<Timing> timings = new ArrayList<>();

  /**
   * @param label the architecture, as messages spell it ({@code arm64}, {@code x86_64})
   */
  StepRunner(String label, BuildListener listener) {
    this.label = label;
    this.listener = listener;
  }

  /**
   * Runs {@code body} as step {@code step}; {@code announce} (may be null) is shown as the step
   * begins.
   */
  <R> R run(String step, String announce, Body<R> body) throws IOException {
    if (announce != null) {
      listener.step(label + ": " + announce);
    }
    long start = System.nanoTime();
    try {
      return body.run();
    } catch (StepFailure e) {
      throw e; // a nested step already named itself
    } catch (IOException | RuntimeException e) {
      throw new StepFailure(label + ", " + step + ": " + FailureMessages.of(e), e);
    } finally {
      timings.add(new Timing(step, Math.round((System.nanoTime() - start) / 1e7) / 100.0));
    }
  }

  /** The steps run so far, in order, with their seconds. */
  List<Timing> timings() {
    return List.copyOf(timings);
  }

  /** A failure already prefixed with its step. */
  static final class StepFailure extends BuildException {
    StepFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
