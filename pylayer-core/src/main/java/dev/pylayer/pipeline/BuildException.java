package dev.pylayer.pipeline;

/**
 * A build that cannot go on. The message names the input, the problem and the fix; nothing is
 * left under the final output names.
 */
public class BuildException extends RuntimeException {

  public BuildException(String message) {
    super(message);
  }

  public BuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
