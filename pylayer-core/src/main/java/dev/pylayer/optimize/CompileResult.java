package dev.pylayer.optimize;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link BytecodeCompiler} did: files compiled, bytes written and removed, the files that
 * failed, the interpreter that compiled them and how long it took.
 */
public final class CompileResult {

  private final String pythonVersion;
  private final String cacheTag;
  private final int compiledFiles;
  private final long pycBytes;
  private final long sourceBytesRemoved;
  private final List<CompileFailure> failures;
  private final List<String> lazyPackages;
  private final Duration elapsed;

  CompileResult(
      String pythonVersion,
      String cacheTag,
      int compiledFiles,
      long pycBytes,
      long sourceBytesRemoved,
      List<CompileFailure> failures,
      List<String> lazyPackages,
      Duration elapsed) {
    this.pythonVersion = Objects.requireNonNull(pythonVersion, "pythonVersion");
    this.cacheTag = Objects.requireNonNull(cacheTag, "cacheTag");
    this.compiledFiles = compiledFiles;
    this.pycBytes = pycBytes;
    this.sourceBytesRemoved = sourceBytesRemoved;
    this.failures = List.copyOf(failures);
    this.lazyPackages = List.copyOf(lazyPackages);
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
  }

  /** The compiling interpreter's version, e.g. {@code 3.11.7}. */
  public String pythonVersion() {
    return pythonVersion;
  }

  /** {@code sys.implementation.cache_tag}, e.g. {@code cpython-311}. */
  public String cacheTag() {
    return cacheTag;
  }

  /** How many {@code .pyc} files were written. */
  public int compiledFiles() {
    return compiledFiles;
  }

  /** The total size of the {@code .pyc} files written. */
  public long pycBytes() {
    return pycBytes;
  }

  /** The total size of the {@code .py} files removed (sourceless layout), else 0. */
  public long sourceBytesRemoved() {
    return sourceBytesRemoved;
  }

  /** The net growth of the tree: {@link #pycBytes()} minus {@link #sourceBytesRemoved()}. */
  public long bytesAdded() {
    return pycBytes - sourceBytesRemoved;
  }

  /** Files that did not compile; they were left as they were. */
  public List<CompileFailure> failures() {
    return failures;
  }

  /** Run-time paths of the packages given lazy re-exports, in compile order. */
  public List<String> lazyPackages() {
    return lazyPackages;
  }

  /** Wall time of the compile, interpreter start included. */
  public Duration elapsed() {
    return elapsed;
  }

  @Override
  public String toString() {
    return compiledFiles
        + " files compiled by Python "
        + pythonVersion
        + " ("
        + pycBytes
        + " bytes of .pyc, "
        + failures.size()
        + " failures, "
        + elapsed.toMillis()
        + " ms)";
  }
}
