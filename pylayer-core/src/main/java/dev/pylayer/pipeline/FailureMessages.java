package dev.pylayer.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.zip.ZipException;

/**
 * Turns an exception into one line for people: what failed, on which file, and what to do, with
 * no Java class names ("NoSuchFile: x" becomes "x: no such file or directory"). pylayer's own
 * exceptions already carry such messages and pass through unchanged.
 */
public final class FailureMessages {

  private FailureMessages() {}

  /** One line for people: the file, the problem and, where known, the fix. */
  public static String of(Throwable e) {
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof NoSuchFileException f) {
      return f.getFile() + ": no such file or directory" + other(f)
          + "; check the path (relative paths are relative to the current directory)";
    }
    if (e instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied" + other(f)
          + "; check its permissions, or choose another location";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + ": already exists" + other(f) + "; move it away or choose another path";
    }
    if (e instanceof DirectoryNotEmptyException f) {
      return f.getFile() + ": directory is not empty" + other(f);
    }
    if (e instanceof NotDirectoryException f) {
      return f.getFile() + ": not a directory" + other(f);
    }
    if (e instanceof FileSystemException f) {
      return (f.getFile() == null ? "" : f.getFile() + ": ")
          + (f.getReason() == null ? "input/output error" : f.getReason()) + other(f);
    }
    if (e instanceof ZipException) {
      return "not a readable zip file (" + e.getMessage() + "); give a layer zip pylayer built";
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e instanceof IOException
          ? "input/output error (run with PYLAYER_DEBUG=1 for details)"
          : "internal error (please report it; PYLAYER_DEBUG=1 prints the details)";
    }
    return message;
  }

  private static String other(FileSystemException f) {
    return f.getOtherFile() == null ? "" : " (with " + f.getOtherFile() + ")";
  }
}
