package dev.pylayer.install;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One requirement of a pip requirements file.
 *
 * @param requirement the raw PEP 508 text ({@code litellm==1.45.0}, {@code idna>=3; python_version
 *     >= "3.8"}), environment variables already expanded; parsing it is left to the caller
 * @param sha256Hashes the {@code --hash=sha256:...} values, lower-case hex, in file order
 * @param file the requirements file the line is in (an included file for {@code -r}/{@code -c})
 * @param lineNumber the 1-based line where the (possibly continued) line starts
 * @param constraint whether it came from a constraints file ({@code -c}): it limits versions but
 *     does not ask for the package
 */
public record RequirementLine(
    String requirement, List<String> sha256Hashes, Path file, int lineNumber, boolean constraint) {

  public RequirementLine {
    Objects.requireNonNull(requirement, "requirement");
    sha256Hashes = List.copyOf(sha256Hashes);
    Objects.requireNonNull(file, "file");
  }

  /** {@code requirements.txt:7}, for messages. */
  public String location() {
    return file + ":" + lineNumber;
  }
}
