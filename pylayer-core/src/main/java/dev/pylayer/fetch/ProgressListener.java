package dev.pylayer.fetch;

/**
 * Hears how a download or copy advances. Called on the downloading thread: at the start (with
 * the bytes already there when resuming), at most about every 100 ms while bytes arrive, and once
 * at the end with {@code bytesSoFar == totalBytes}. Keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores every event. */
  ProgressListener NONE = (source, bytesSoFar, totalBytes) -> {};

  /**
   * @param source what is being fetched, with credentials redacted (safe to print)
   * @param bytesSoFar bytes of the file on disk so far
   * @param totalBytes the file's size, or -1 when the server did not say
   */
  void onProgress(String source, long bytesSoFar, long totalBytes);
}
