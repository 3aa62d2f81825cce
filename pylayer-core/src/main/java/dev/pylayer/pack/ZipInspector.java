package dev.pylayer.pack;

import dev.pylayer.archive.UnixModes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** Reads a zip's central directory into a {@link ZipListing} (for {@code pylayer inspect}). */
public final class ZipInspector {

  private static final int MAX_LINK_TARGET_BYTES = 4096;

  private ZipInspector() {}

  /**
   * Lists {@code zip}.
   *
   * @throws IOException if it is not a readable zip
   */
  public static ZipListing inspect(Path zip) throws IOException {
    List<ZipListing.Entry> entries = new ArrayList<>();
    try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
      Enumeration<ZipArchiveEntry> all = file.getEntriesInPhysicalOrder();
      while (all.hasMoreElements()) {
        ZipArchiveEntry entry = all.nextElement();
        int mode = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() : 0;
        ZipListing.Kind kind;
        Optional<String> target = Optional.empty();
        if ((mode & UnixModes.S_IFMT) == UnixModes.S_IFLNK) {
          kind = ZipListing.Kind.SYMLINK;
          try (InputStream in = file.getInputStream(entry)) {
            target = Optional.of(new String(in.readNBytes(MAX_LINK_TARGET_BYTES),
                StandardCharsets.UTF_8));
          }
        } else if (entry.isDirectory() || (mode & UnixModes.S_IFMT) == UnixModes.S_IFDIR) {
          kind = ZipListing.Kind.DIRECTORY;
        } else {
          kind = ZipListing.Kind.FILE;
        }
        // Commons Compress reads the DOS fields in the JVM zone; turn them back into fields.
        LocalDateTime time = LocalDateTime.ofInstant(Instant.ofEpochMilli(entry.getTime()),
            ZoneId.systemDefault());
        byte[] localExtra = entry.getLocalFileDataExtra();
        byte[] centralExtra = entry.getCentralDirectoryExtra();
        boolean extras = (localExtra != null && localExtra.length > 0)
            || (centralExtra != null && centralExtra.length > 0);
        entries.add(new ZipListing.Entry(entry.getName(), kind, mode, entry.getSize(),
            entry.getCompressedSize(), entry.getMethod(), entry.getCrc(), time, target, extras));
      }
    }
    return new ZipListing(zip, Files.size(zip), entries);
  }
}
