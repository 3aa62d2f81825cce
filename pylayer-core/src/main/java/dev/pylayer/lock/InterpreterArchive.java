package dev.pylayer.lock;

import java.util.Objects;

/**
 * The interpreter archive (python-build-standalone) a lock pins for one architecture.
 *
 * @param url where it is (https URL, file URL or path as given)
 * @param sha256 its sha256, lower-case hex
 */
public record InterpreterArchive(String url, String sha256) {

  public InterpreterArchive {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(sha256, "sha256");
  }
}
