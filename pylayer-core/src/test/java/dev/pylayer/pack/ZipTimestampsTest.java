package dev.pylayer.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipTimestampsTest {

  @TempDir Path temp;

  @Test
  void dosFieldsFollowTheSpecification() {
    // APPNOTE 4.4.6: time = hour<<11 | minute<<5 | second/2; date = (year-1980)<<9 | month<<5 | day
    int[] fields = ZipTimestamps.dosFields(LocalDateTime.of(2020, 1, 1, 0, 0, 0));
    assertThat(fields).containsExactly(0, (40 << 9) | (1 << 5) | 1);
    fields = ZipTimestamps.dosFields(LocalDateTime.of(2107, 12, 31, 23, 59, 58));
    assertThat(fields).containsExactly((23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31);
    assertThat(ZipTimestamps.fromDosFields(fields[0], fields[1]))
        .isEqualTo(LocalDateTime.of(2107, 12, 31, 23, 59, 58));
    int[] odd = ZipTimestamps.dosFields(LocalDateTime.of(2023, 11, 14, 22, 13, 21));
    assertThat(ZipTimestamps.fromDosFields(odd[0], odd[1]))
        .isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20));
  }

  @Test
  void patchesZip64Records() throws IOException {
    assumeTrue(Processes.available("python3", "-c", "pass"), "python3 is not installed");
    Path zip = temp.resolve("zip64.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      out.setUseZip64(Zip64Mode.Always);
      for (String name : new String[] {"a.txt", "dir/b.txt", "dir/c.txt"}) {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        out.putArchiveEntry(entry);
        out.write(name.getBytes(StandardCharsets.UTF_8));
        out.closeArchiveEntry();
      }
    }

    ZipTimestamps.patch(zip, LocalDateTime.of(2001, 2, 3, 4, 5, 6));

    String dates = Processes.run("python3", "-c", "import sys, zipfile;"
        + " z = zipfile.ZipFile(sys.argv[1]);"
        + " print(set(i.date_time for i in z.infolist()), [z.read(i) for i in z.infolist()])",
        zip.toString()).requireSuccess().stdout().trim();
    assertThat(dates).isEqualTo("{(2001, 2, 3, 4, 5, 6)} [b'a.txt', b'dir/b.txt', b'dir/c.txt']");
    String local = Processes.run("python3", "-c", "import sys, struct, zipfile;"
        + " z = zipfile.ZipFile(sys.argv[1]); f = open(sys.argv[1], 'rb'); out = set()\n"
        + "for i in z.infolist():\n"
        + "  f.seek(i.header_offset); h = f.read(14); out.add(struct.unpack('<HH', h[10:14]))\n"
        + "print(out)", zip.toString()).requireSuccess().stdout().trim();
    int[] fields = ZipTimestamps.dosFields(LocalDateTime.of(2001, 2, 3, 4, 5, 6));
    assertThat(local).isEqualTo("{(" + fields[0] + ", " + fields[1] + ")}");
  }

  @Test
  void refusesFilesThatAreNotZips() throws IOException {
    Path file = temp.resolve("x.zip");
    Files.write(file, new byte[64]);
    assertThatThrownBy(() -> ZipTimestamps.patch(file, LocalDateTime.of(2020, 1, 1, 0, 0)))
        .hasMessageContaining("no end-of-central-directory record");
  }
}
