package dev.pylayer.pack;

import dev.pylayer.testing.ZipTrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.testing.HostPythonArchive;
import dev.pylayer.testing.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicZipWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a zip with CPython's zipfile: raw DOS fields, attributes and extras, independently. */
  private static final String PY_LIST = String.join("\n",
      "import json, struct, sys, zipfile",
      "z = zipfile.ZipFile(sys.argv[1])",
      "def local_extra(i):",
      "  z.fp.seek(i.header_offset)",
      "  return struct.unpack('<H', z.fp.read(30)[28:30])[0]",
      "print(json.dumps([{'name': i.filename, 'mode': i.external_attr >> 16,",
      "  'localextra': local_extra(i),",
      "  'date': list(i.date_time), 'extra': i.extra.hex(), 'system': i.create_system,",
      "  'method': i.compress_type, 'flags': i.flag_bits,",
      "  'data': z.read(i).decode('utf-8', 'replace') if (i.external_attr >> 16) & 0o170000",
      "     == 0o120000 else None} for i in z.infolist()]))");

  @TempDir Path temp;

  private static DeterministicZipWriter writer(Map<String, String> env) {
    return DeterministicZipWriter.builder().environment(env).build();
  }

  @Test
  void sameTreeGivesTheSameBytes() throws IOException {
    ZipTrees.create(temp.resolve("tree"), false);
    DeterministicZipWriter writer = writer(Map.of());

    ZipWriteResult first = writer.write(temp.resolve("tree"), temp.resolve("out/first.zip"));
    ZipWriteResult second = writer.write(temp.resolve("tree"), temp.resolve("out/second.zip"));

    assertThat(second.sha256()).isEqualTo(first.sha256());
    assertThat(Files.readAllBytes(second.zip())).isEqualTo(Files.readAllBytes(first.zip()));
    assertThat(first.sha256()).isEqualTo(HostPythonArchive.sha256Hex(first.zip()));
    assertThat(first.size()).isEqualTo(Files.size(first.zip()));
    try (Stream<Path> out = Files.list(temp.resolve("out"))) {
      assertThat(out.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("first.zip", "second.zip"); // no temp files left
    }
  }

  @Test
  void copiesWithOtherTimesOrderAndGroupBitsGiveTheSameBytes() throws IOException {
    ZipTrees.create(temp.resolve("a"), false);
    ZipTrees.create(temp.resolve("b"), true);
    try (Stream<Path> walk = Files.walk(temp.resolve("b"))) {
      long time = 1_000_000_000_000L;
      for (Path path : (Iterable<Path>) walk::iterator) {
        if (!Files.isSymbolicLink(path)) {
          Files.setLastModifiedTime(path, FileTime.fromMillis(time += 86_400_123L));
        }
      }
    }
    Files.setPosixFilePermissions(temp.resolve("b/python/lib/python3.11/os.py"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));

    ZipWriteResult a = writer(Map.of()).write(temp.resolve("a"), temp.resolve("a.zip"));
    ZipWriteResult b = writer(Map.of()).write(temp.resolve("b"), temp.resolve("b.zip"));

    assertThat(b.sha256()).isEqualTo(a.sha256());
  }

  @Test
  void theJvmTimeZoneDoesNotMatter() throws IOException {
    ZipTrees.create(temp.resolve("tree"), false);
    TimeZone original = TimeZone.getDefault();
    List<String> digests = new ArrayList<>();
    try {
      for (String zone : new String[] {"UTC", "America/Los_Angeles", "Asia/Kolkata",
          "Pacific/Kiritimati"}) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        // 2021-03-14T02:30Z: inside Los Angeles' spring-forward gap when read as local time
        DeterministicZipWriter writer = DeterministicZipWriter.builder()
            .timestamp(Instant.parse("2021-03-14T02:30:00Z")).build();
        digests.add(writer.write(temp.resolve("tree"), temp.resolve(zone.replace('/', '_')
            + ".zip")).sha256());
      }
    } finally {
      TimeZone.setDefault(original);
    }
    assertThat(digests).containsOnly(digests.get(0));
    assertThat(dosDates(temp.resolve("America_Los_Angeles.zip")))
        .containsOnly(List.of(2021, 3, 14, 2, 30, 0));
  }

  @Test
  void modesLinksDirectoriesAndOrderReadBack() throws IOException {
    ZipTrees tree = ZipTrees.create(temp.resolve("tree"), false);
    ZipWriteResult result = writer(Map.of()).write(tree.root, temp.resolve("layer.zip"));

    List<String> names = new ArrayList<>();
    try (ZipFile zip = ZipFile.builder().setPath(result.zip()).get()) {
      for (Enumeration<ZipArchiveEntry> e = zip.getEntriesInPhysicalOrder();
          e.hasMoreElements(); ) {
        ZipArchiveEntry entry = e.nextElement();
        names.add(entry.getName());
        assertThat(entry.getPlatform()).as(entry.getName())
            .isEqualTo(ZipArchiveEntry.PLATFORM_UNIX);
        assertThat(entry.getUnixMode()).as(entry.getName())
            .isEqualTo(tree.expectedModes.get(entry.getName()));
        assertThat(entry.getExtraFields(true)).as(entry.getName()).isEmpty();
        assertThat(entry.getLocalFileDataExtra()).as(entry.getName()).isEmpty();
        if (tree.expectedLinks.containsKey(entry.getName())) {
          try (InputStream in = zip.getInputStream(entry)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(tree.expectedLinks.get(entry.getName()));
          }
        }
      }
    }
    assertThat(names).containsExactlyInAnyOrderElementsOf(tree.expectedModes.keySet());
    // bytewise UTF-8 order: '-' (2d) < '/' (2f); U+FF5E (EF ..) < U+1D518 (F0 ..), which
    // UTF-16 order would reverse
    String stdlib = "python/lib/python3.11/";
    assertThat(names.indexOf(stdlib + "a-b/")).isLessThan(names.indexOf(stdlib + "a/"));
    assertThat(names.indexOf(stdlib + "a/")).isLessThan(names.indexOf(stdlib + "a/x.py"));
    assertThat(names.indexOf(stdlib + ZipTrees.FULLWIDTH_TILDE + ".py"))
        .isLessThan(names.indexOf(stdlib + ZipTrees.FRAKTUR_U + ".py"));
    assertThat(names.get(0)).isEqualTo("python/");
    // the link to a directory is stored once, as a link: nothing below it
    assertThat(names).noneMatch(n -> n.startsWith(stdlib + "packages/"));

    assertThat(result.entries()).isEqualTo(tree.expectedModes.size());
    assertThat(result.symlinks()).isEqualTo(tree.expectedLinks.size());
    assertThat(result.directories()).isEqualTo(7);
    assertThat(result.files()).isEqualTo(result.entries() - 7 - tree.expectedLinks.size());
    assertThat(result.uncompressedBytes()).isEqualTo(tree.expectedUncompressed);
  }

  @Test
  void cpythonZipfileSeesTheSameModesDatesAndNoExtras() throws IOException {
    assumeTrue(Processes.available("python3", "-c", "pass"), "python3 is not installed");
    ZipTrees tree = ZipTrees.create(temp.resolve("tree"), false);
    ZipWriteResult result = writer(Map.of("SOURCE_DATE_EPOCH", "1700000000"))
        .write(tree.root, temp.resolve("layer.zip"));

    JsonNode entries = JSON.readTree(Processes.run("python3", "-c", PY_LIST,
        result.zip().toString()).requireSuccess().stdout());
    assertThat(entries).hasSize(tree.expectedModes.size());
    for (JsonNode entry : entries) {
      String name = entry.get("name").asText();
      assertThat(entry.get("mode").asInt()).as(name).isEqualTo(tree.expectedModes.get(name));
      // 1700000000 = 2023-11-14T22:13:20Z
      assertThat(entry.get("date").toString()).as(name).isEqualTo("[2023,11,14,22,13,20]");
      assertThat(entry.get("extra").asText()).as(name).isEmpty();
      assertThat(entry.get("localextra").asInt()).as(name + " local extra length").isZero();
      assertThat(entry.get("system").asInt()).as(name).isEqualTo(3); // Unix
      assertThat(entry.get("flags").asInt() & 0x800).as(name + " UTF-8 flag").isEqualTo(0x800);
      if (tree.expectedLinks.containsKey(name)) {
        assertThat(entry.get("data").asText()).isEqualTo(tree.expectedLinks.get(name));
      }
    }
    assertThat(result.timestamp()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
  }

  @Test
  void sourceDateEpochChangesTheBytesAndTheDefaultIs2020() throws IOException {
    ZipTrees.create(temp.resolve("tree"), false);
    ZipWriteResult plain = writer(Map.of()).write(temp.resolve("tree"), temp.resolve("a.zip"));
    ZipWriteResult dated = writer(Map.of("SOURCE_DATE_EPOCH", "1700000000"))
        .write(temp.resolve("tree"), temp.resolve("b.zip"));

    assertThat(plain.timestamp()).isEqualTo(DeterministicZipWriter.DEFAULT_TIMESTAMP)
        .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(dosDates(plain.zip())).containsOnly(List.of(2020, 1, 1, 0, 0, 0));
    assertThat(dated.sha256()).isNotEqualTo(plain.sha256());
    assertThat(dosDates(dated.zip())).containsOnly(List.of(2023, 11, 14, 22, 13, 20));

    DeterministicZipWriter explicit = DeterministicZipWriter.builder()
        .environment(Map.of("SOURCE_DATE_EPOCH", "1700000000"))
        .timestamp(Instant.parse("2022-06-01T12:00:00Z")).build();
    assertThat(explicit.timestamp()).isEqualTo(Instant.parse("2022-06-01T12:00:00Z"));
  }

  @Test
  void epochIsClampedTo1980WithANote() throws IOException {
    ZipTrees.create(temp.resolve("tree"), false);
    DeterministicZipWriter writer = writer(Map.of("SOURCE_DATE_EPOCH", "0"));

    ZipWriteResult result = writer.write(temp.resolve("tree"), temp.resolve("a.zip"));

    assertThat(result.timestamp()).isEqualTo(Instant.parse("1980-01-01T00:00:00Z"));
    assertThat(result.notes()).singleElement().asString()
        .contains("SOURCE_DATE_EPOCH 0").contains("before 1980-01-01");
    assertThat(dosDates(result.zip())).containsOnly(List.of(1980, 1, 1, 0, 0, 0));
    assertThat(writer(Map.of("SOURCE_DATE_EPOCH", "9999999999")).timestamp())
        .isEqualTo(DeterministicZipWriter.LATEST);
  }

  @Test
  void invalidSettingsAreExplained() {
    assertThatThrownBy(() -> writer(Map.of("SOURCE_DATE_EPOCH", "yesterday")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SOURCE_DATE_EPOCH='yesterday' is not a number of seconds");
    assertThatThrownBy(() -> DeterministicZipWriter.builder().compressionLevel(10))
        .hasMessageContaining("0..9");
  }

  @Test
  void compressionLevelIsConfigurable() throws IOException {
    ZipTrees.create(temp.resolve("tree"), false);
    ZipWriteResult stored = DeterministicZipWriter.builder().environment(Map.of())
        .compressionLevel(0).build().write(temp.resolve("tree"), temp.resolve("0.zip"));
    ZipWriteResult best = writer(Map.of()).write(temp.resolve("tree"), temp.resolve("9.zip"));
    assertThat(stored.size()).isGreaterThan(best.size());
    // level 0 writes files with the STORED method (what zipimport reads without zlib)
    try (ZipFile zip = ZipFile.builder().setFile(temp.resolve("0.zip").toFile()).get()) {
      int files = 0;
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        assertThat(entry.getMethod()).as(entry.getName()).isEqualTo(ZipArchiveEntry.STORED);
        if (!entry.isDirectory() && !entry.isUnixSymlink()) {
          files++;
          try (InputStream in = zip.getInputStream(entry)) {
            assertThat(in.readAllBytes()).as(entry.getName())
                .isEqualTo(Files.readAllBytes(temp.resolve("tree").resolve(entry.getName())));
          }
        }
      }
      assertThat(files).isEqualTo(stored.files());
    }
  }

  @Test
  void linksLeavingTheTreeAreRefused() throws IOException {
    ZipTrees.create(temp.resolve("tree"), false);
    Files.createSymbolicLink(temp.resolve("tree/python/escape"), Paths.get("../../etc"));

    assertThatThrownBy(() -> writer(Map.of()).write(temp.resolve("tree"),
        temp.resolve("out/a.zip")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("python/escape")
        .hasMessageContaining("outside the extraction root");
    assertThat(temp.resolve("out/a.zip")).doesNotExist();
  }

  @Test
  void specialFilesAreRefused() throws IOException {
    assumeTrue(Processes.available("mkfifo", "--version"), "mkfifo is not installed");
    ZipTrees.create(temp.resolve("tree"), false);
    Processes.run("mkfifo", temp.resolve("tree/python/pipe").toString()).requireSuccess();
    assertThatThrownBy(() -> writer(Map.of()).write(temp.resolve("tree"), temp.resolve("a.zip")))
        .hasMessageContaining("python/pipe")
        .hasMessageContaining("not a regular file, directory or symbolic link");
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("tree");
    }
  }

  @Test
  void theZipMayNotLandInsideTheTree() throws IOException {
    ZipTrees.create(temp.resolve("tree"), false);
    assertThatThrownBy(() -> writer(Map.of()).write(temp.resolve("tree"),
        temp.resolve("tree/python/layer.zip")))
        .hasMessageContaining("inside the tree it zips");
  }

  @Test
  void subtreeWithPrefixAndFilter() throws IOException {
    Path sitePackages = temp.resolve("site-packages");
    for (String file : new String[] {"pkg/__init__.py",
        "pkg/_speedups.cpython-311-x86_64-linux-gnu.so", "pkg/__pycache__/x.pyc", "ns/sub/mod.py",
        "pkg-1.0.dist-info/METADATA"}) {
      Files.createDirectories(sitePackages.resolve(file).getParent());
      Files.writeString(sitePackages.resolve(file), "# " + file + "\n");
    }
    ZipWriteResult result = writer(Map.of()).write(sitePackages, temp.resolve("sp.zip"),
        "python/lib/python3.11/site-packages.d",
        path -> !path.endsWith(".so") && !path.endsWith("__pycache__/"));

    List<String> names = ZipInspector.inspect(result.zip()).entries().stream()
        .map(ZipListing.Entry::name).collect(java.util.stream.Collectors.toList());
    String p = "python/lib/python3.11/site-packages.d/";
    assertThat(names).containsExactly("python/", "python/lib/", "python/lib/python3.11/", p,
        p + "ns/", p + "ns/sub/", p + "ns/sub/mod.py", p + "pkg-1.0.dist-info/",
        p + "pkg-1.0.dist-info/METADATA", p + "pkg/", p + "pkg/__init__.py");
  }

  @Test
  void namespacePackagesImportFromTheZip() throws IOException {
    assumeTrue(Processes.available("python3", "-c", "pass"), "python3 is not installed");
    Path tree = temp.resolve("pure");
    Files.createDirectories(tree.resolve("nsroot/inner"));
    Files.writeString(tree.resolve("nsroot/inner/mod.py"), "VALUE = 'from namespace'\n");
    Files.createDirectories(tree.resolve("regular"));
    Files.writeString(tree.resolve("regular/__init__.py"), "VALUE = 'from package'\n");
    ZipWriteResult result = writer(Map.of()).write(tree, temp.resolve("site-packages.zip"));

    String out = Processes.run(List.of("python3", "-I", "-c",
        "import sys; sys.path.insert(0, sys.argv[1]); import nsroot.inner.mod, regular;"
            + " print(nsroot.inner.mod.VALUE, regular.VALUE, nsroot.inner.mod.__file__)",
        result.zip().toString()), null, temp).requireSuccess().stdout().trim();

    assertThat(out).startsWith("from namespace from package " + result.zip());
  }

  /** The DOS date-time fields of every entry, as CPython's zipfile reports them. */
  private static List<List<Integer>> dosDates(Path zip) throws IOException {
    assumeTrue(Processes.available("python3", "-c", "pass"), "python3 is not installed");
    JsonNode entries = JSON.readTree(Processes.run("python3", "-c", PY_LIST, zip.toString())
        .requireSuccess().stdout());
    List<List<Integer>> dates = new ArrayList<>();
    for (JsonNode entry : entries) {
      List<Integer> date = new ArrayList<>();
      entry.get("date").forEach(n -> date.add(n.asInt()));
      dates.add(date);
    }
    return Collections.unmodifiableList(dates);
  }

  @Test
  void aFileLargerThanTheHeapIsZippedStreaming() throws Exception {
    Path scratch = Files.createDirectories(temp.resolve("probe"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(javaBin, "-Xmx48m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), "dev.pylayer.testing.ZipProbe",
        scratch.toString(), "96")
        .redirectErrorStream(true).start();
    boolean finished = process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes());
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("ZIPPED");
    try (var left = Files.list(scratch)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("tree", "out.zip"); // no spill file left beside the zip
    }
  }
}
