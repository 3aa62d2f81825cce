package dev.pylayer.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * Path-safety checks shared by every extractor (tar for interpreters, zip for layers): entry names
 * must be relative, free of {@code ..} segments and of characters that mean something else on
 * another system, and link targets must stay inside the extraction root.
 *
 * <p>These are lexical checks on one name at a time. Chains of symbolic links are checked against
 * the whole extracted tree by {@link SafeTreeWriter} before anything becomes visible.
 */
public final class SafePaths {

  private SafePaths() {}

  /**
   * Normalizes an archive entry name to a relative {@code /}-separated path without {@code .}
   * segments, duplicate or trailing slashes; the root itself ({@code ./}) normalizes to {@code ""}.
   *
   * @param archive names the archive in error messages
   * @param entryName the name as stored in the archive
   * @throws UnsafeArchiveException if the name is absolute, contains a {@code ..} segment, a
   *     backslash or a NUL character
   */
  public static String normalizeEntryName(String archive, String entryName)
      throws UnsafeArchiveException {
    if (entryName.isEmpty()) {
      throw new UnsafeArchiveException(archive, entryName, "the entry has an empty name");
    }
    if (entryName.indexOf('\0') >= 0) {
      throw new UnsafeArchiveException(archive, entryName, "the name contains a NUL character");
    }
    if (entryName.indexOf('\\') >= 0) {
      throw new UnsafeArchiveException(
          archive,
          entryName,
          "the name contains a backslash, a Windows path separator that would be read differently"
              + " on another system");
    }
    if (entryName.startsWith("/") || looksLikeWindowsDrive(entryName)) {
      throw new UnsafeArchiveException(
          archive, entryName, "the name is an absolute path; archives must hold relative paths");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : entryName.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        throw new UnsafeArchiveException(
            archive,
            entryName,
            "the name has a '..' segment, which could write outside the target");
      }
      segments.add(segment);
    }
    return String.join("/", segments);
  }

  /**
   * Checks a symbolic link's target lexically and returns the path it points at, relative to the
   * extraction root (not following other links).
   *
   * @param archive names the archive in error messages
   * @param linkEntry the entry name of the link
   * @param linkPath the link's normalized path relative to the root
   * @param target the link target as stored
   * @throws UnsafeArchiveException if the target is empty, absolute, or climbs above the root
   */
  public static String resolveLinkTarget(
      String archive, String linkEntry, String linkPath, String target)
      throws UnsafeArchiveException {
    if (target.isEmpty()) {
      throw new UnsafeArchiveException(archive, linkEntry, "the symbolic link has an empty target");
    }
    if (target.indexOf('\0') >= 0) {
      throw new UnsafeArchiveException(
          archive, linkEntry, "the symbolic link target contains a NUL character");
    }
    if (target.startsWith("/") || looksLikeWindowsDrive(target) || target.indexOf('\\') >= 0) {
      throw new UnsafeArchiveException(
          archive,
          linkEntry,
          "the symbolic link points at the absolute path '" + target
              + "'; only relative links inside the archive are allowed");
    }
    List<String> resolved = new ArrayList<>(segments(parentOf(linkPath)));
    for (String segment : target.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (resolved.isEmpty()) {
          throw new UnsafeArchiveException(
              archive,
              linkEntry,
              "the symbolic link target '" + target + "' points outside the extraction root");
        }
        resolved.remove(resolved.size() - 1);
      } else {
        resolved.add(segment);
      }
    }
    return String.join("/", resolved);
  }

  /** The parent of a normalized relative path; {@code ""} for top-level names. */
  static String parentOf(String relativePath) {
    int slash = relativePath.lastIndexOf('/');
    return slash < 0 ? "" : relativePath.substring(0, slash);
  }

  /** The segments of a normalized relative path; none for {@code ""}. */
  static List<String> segments(String relativePath) {
    List<String> result = new ArrayList<>();
    if (!relativePath.isEmpty()) {
      for (String segment : relativePath.split("/")) {
        result.add(segment);
      }
    }
    return result;
  }

  private static boolean looksLikeWindowsDrive(String name) {
    return name.length() >= 2
        && name.charAt(1) == ':'
        && Character.isLetter(name.charAt(0))
        && (name.length() == 2 || name.charAt(2) == '/' || name.charAt(2) == '\\');
  }
}
