package dev.pylayer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Archives that try to escape or abuse the extraction root, built with Commons Compress. Each
 * starts and ends with ordinary PBS-like entries, so an extractor that does not clean up after
 * refusing the hostile entry leaves something behind that a test can see.
 */
public final class HostileArchives {

  /** The attacks. */
  public enum Kind {
    /** {@code /tmp/pylayer-evil}. */
    ABSOLUTE_PATH("/tmp/pylayer-evil"),
    /** {@code python/../../evil}. */
    DOT_DOT("python/../../evil"),
    /** {@code python/escape -> ../../..}. */
    SYMLINK_ESCAPE("python/escape"),
    /** {@code python/abs -> /etc}. */
    SYMLINK_ABSOLUTE("python/abs"),
    /**
     * {@code python/a/b -> ..} then {@code python/up -> a/b/../..}: each link alone stays inside,
     * together they climb out ({@code a/b/..} is {@code python/}, not {@code python/a}).
     */
    SYMLINK_CHAIN_ESCAPE("python/up"),
    /** {@code python/lib -> .} then a file {@code python/lib/x} written through the link. */
    WRITE_THROUGH_SYMLINK("python/lib/evil.py"),
    /** Hard link {@code python/passwd} to {@code ../../etc/passwd}. */
    HARDLINK_ESCAPE("python/passwd"),
    /** Character device {@code python/null} (major 1, minor 3: /dev/null). */
    CHAR_DEVICE("python/null"),
    /** Named pipe {@code python/fifo}. */
    FIFO("python/fifo"),
    /** {@code python/bin/python3.11} twice. */
    DUPLICATE("python/bin/python3.11");

    private final String entry;

    Kind(String entry) {
      this.entry = entry;
    }

    /** The entry name an extractor must refuse (as stored in the archive). */
    public String entry() {
      return entry;
    }
  }

  private HostileArchives() {}

  /** Writes a hostile {@code .tar.gz} into {@code dir}. */
  public static Path tarGz(Kind kind, Path dir) throws IOException {
    Path archive = dir.resolve("hostile-" + kind.name().toLowerCase() + ".tar.gz");
    try (TarBuilder tar = TarBuilder.gzip(archive)) {
      tar.directory("python", 0755)
          .directory("python/bin", 0755)
          .file("python/bin/python3.11", 0755, "#!/bin/sh\n");
      switch (kind) {
        case ABSOLUTE_PATH:
        case DOT_DOT:
          tar.file(kind.entry(), 0644, "owned\n");
          break;
        case SYMLINK_ESCAPE:
          tar.symlink(kind.entry(), "../../..");
          break;
        case SYMLINK_ABSOLUTE:
          tar.symlink(kind.entry(), "/etc");
          break;
        case SYMLINK_CHAIN_ESCAPE:
          tar.directory("python/a", 0755).symlink("python/a/b", "..")
              .symlink(kind.entry(), "a/b/../..");
          break;
        case WRITE_THROUGH_SYMLINK:
          tar.symlink("python/lib", ".").file(kind.entry(), 0644, "owned\n");
          break;
        case HARDLINK_ESCAPE:
          tar.hardlink(kind.entry(), "../../etc/passwd");
          break;
        case CHAR_DEVICE: {
          TarArchiveEntry device = new TarArchiveEntry(kind.entry(), TarConstants.LF_CHR, true);
          device.setDevMajor(1);
          device.setDevMinor(3);
          device.setMode(0666);
          tar.entry(device, null);
          break;
        }
        case FIFO: {
          TarArchiveEntry fifo = new TarArchiveEntry(kind.entry(), TarConstants.LF_FIFO, true);
          fifo.setMode(0644);
          tar.entry(fifo, null);
          break;
        }
        case DUPLICATE:
          tar.file(kind.entry(), 0755, "#!/bin/sh\necho second\n");
          break;
        default:
          throw new AssertionError(kind);
      }
      tar.directory("python/lib2", 0755).file("python/lib2/os.py", 0644, "# after\n");
    }
    return archive;
  }

  /** Writes a hostile zip into {@code dir} (every kind but hard links, which zip lacks). */
  public static Path zip(Kind kind, Path dir) throws IOException {
    Path archive = dir.resolve("hostile-" + kind.name().toLowerCase() + ".zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(archive)) {
      directory(zip, "python/");
      file(zip, "python/bin/python3.11", 0100755, "#!/bin/sh\n");
      switch (kind) {
        case ABSOLUTE_PATH:
        case DOT_DOT:
          file(zip, kind.entry(), 0100644, "owned\n");
          break;
        case SYMLINK_ESCAPE:
          symlink(zip, kind.entry(), "../../..");
          break;
        case SYMLINK_ABSOLUTE:
          symlink(zip, kind.entry(), "/etc");
          break;
        case SYMLINK_CHAIN_ESCAPE:
          directory(zip, "python/a/");
          symlink(zip, "python/a/b", "..");
          symlink(zip, kind.entry(), "a/b/../..");
          break;
        case WRITE_THROUGH_SYMLINK:
          symlink(zip, "python/lib", ".");
          file(zip, kind.entry(), 0100644, "owned\n");
          break;
        case CHAR_DEVICE:
          file(zip, kind.entry(), 0020666, "");
          break;
        case FIFO:
          file(zip, kind.entry(), 0010644, "");
          break;
        case DUPLICATE:
          file(zip, kind.entry(), 0100755, "#!/bin/sh\necho second\n");
          break;
        default:
          throw new IllegalArgumentException(kind + " has no zip form");
      }
      file(zip, "python/lib2/os.py", 0100644, "# after\n");
    }
    return archive;
  }

  private static void directory(ZipArchiveOutputStream zip, String name) throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setUnixMode(0040755);
    zip.putArchiveEntry(entry);
    zip.closeArchiveEntry();
  }

  private static void file(ZipArchiveOutputStream zip, String name, int mode, String content)
      throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setUnixMode(mode);
    zip.putArchiveEntry(entry);
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeArchiveEntry();
  }

  private static void symlink(ZipArchiveOutputStream zip, String name, String target)
      throws IOException {
    byte[] data = target.getBytes(StandardCharsets.UTF_8);
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setUnixMode(0120777);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setCrc(crc.getValue());
    zip.putArchiveEntry(entry);
    zip.write(data);
    zip.closeArchiveEntry();
  }
}
