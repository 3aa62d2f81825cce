package dev.pylayer.archive;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Conversions between Unix mode bits (as tar and zip store them) and NIO permissions. */
public final class UnixModes {

  /** File-type mask of {@code st_mode}. */
  public static final int S_IFMT = 0170000;
  /** Regular file type bits. */
  public static final int S_IFREG = 0100000;
  /** Directory type bits. */
  public static final int S_IFDIR = 0040000;
  /** Symbolic link type bits. */
  public static final int S_IFLNK = 0120000;

  private static final PosixFilePermission[] BY_BIT = {
    PosixFilePermission.OTHERS_EXECUTE,
    PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE,
    PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ,
  };

  private UnixModes() {}

  /** The permissions of the low nine bits of {@code mode}; type and setuid bits are ignored. */
  public static Set<PosixFilePermission> toPermissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < BY_BIT.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(BY_BIT[bit]);
      }
    }
    return permissions;
  }

  /** The nine permission bits of {@code permissions}. */
  public static int fromPermissions(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (int bit = 0; bit < BY_BIT.length; bit++) {
      if (permissions.contains(BY_BIT[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }

  /** Formats permission bits like {@code ls}: {@code 0755 -> "rwxr-xr-x"}. */
  public static String toString(int mode) {
    StringBuilder text = new StringBuilder(9);
    for (int bit = 8; bit >= 0; bit--) {
      text.append((mode & (1 << bit)) == 0 ? '-' : "xwr".charAt(bit % 3));
    }
    return text.toString();
  }
}
