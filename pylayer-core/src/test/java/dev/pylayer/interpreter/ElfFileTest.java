package dev.pylayer.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.testing.Processes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks {@link ElfFile} against binutils' readelf on real files: host binaries, the host CPython,
 * its extension modules, and aarch64 / big-endian / 32-bit objects linked here by GNU ld.
 */
class ElfFileTest {

  private static final Path HOST_PYTHON = Paths.get("/root/.pyenv/versions/3.11.7/bin/python3.11");
  private static final Pattern DYNAMIC =
      Pattern.compile("\\((NEEDED|RUNPATH|RPATH|SONAME)\\)\\s+[^\\[]*\\[([^\\]]*)\\]");

  @TempDir Path temp;

  /** What readelf reports about a file. */
  private static final class ReadElf {
    int elfClass;
    ByteOrder order;
    int machine;
    final List<String> needed = new ArrayList<>();
    final List<String> runpath = new ArrayList<>();
    final List<String> rpath = new ArrayList<>();
    Optional<String> soname = Optional.empty();
    Optional<String> interpreter = Optional.empty();
  }

  private static ReadElf readelf(Path file) {
    String out = Processes.run("readelf", "-h", "-d", "-l", "-W", file.toString())
        .requireSuccess().stdout();
    ReadElf facts = new ReadElf();
    for (String line : out.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("Class:")) {
        facts.elfClass = trimmed.endsWith("ELF64") ? 64 : 32;
      } else if (trimmed.startsWith("Data:")) {
        facts.order = trimmed.contains("big endian") ? ByteOrder.BIG_ENDIAN
            : ByteOrder.LITTLE_ENDIAN;
      } else if (trimmed.startsWith("Machine:")) {
        String machine = trimmed.substring("Machine:".length()).trim();
        facts.machine = machine.contains("X86-64") ? ElfFile.EM_X86_64
            : machine.equals("AArch64") ? ElfFile.EM_AARCH64
            : machine.contains("80386") ? ElfFile.EM_386 : -1;
      } else if (trimmed.startsWith("[Requesting program interpreter:")) {
        facts.interpreter = Optional.of(trimmed.substring(
            "[Requesting program interpreter:".length(), trimmed.length() - 1).trim());
      }
      Matcher dynamic = DYNAMIC.matcher(line);
      if (dynamic.find()) {
        String value = dynamic.group(2);
        switch (dynamic.group(1)) {
          case "NEEDED":
            facts.needed.add(value);
            break;
          case "RUNPATH":
            facts.runpath.addAll(Arrays.asList(value.split(":", -1)));
            break;
          case "RPATH":
            facts.rpath.addAll(Arrays.asList(value.split(":", -1)));
            break;
          default:
            facts.soname = Optional.of(value);
        }
      }
    }
    return facts;
  }

  private static void assertAgreesWithReadelf(Path file) throws IOException {
    ReadElf expected = readelf(file);
    ElfFile elf = ElfFile.read(file);
    assertThat(elf.elfClass()).as(file + " class").isEqualTo(expected.elfClass);
    assertThat(elf.byteOrder()).as(file + " byte order").isEqualTo(expected.order);
    assertThat(elf.machine()).as(file + " machine").isEqualTo(expected.machine);
    assertThat(elf.needed()).as(file + " NEEDED").isEqualTo(expected.needed);
    assertThat(elf.runpath()).as(file + " RUNPATH").isEqualTo(expected.runpath);
    assertThat(elf.rpath()).as(file + " RPATH").isEqualTo(expected.rpath);
    assertThat(elf.soname()).as(file + " SONAME").isEqualTo(expected.soname);
    assertThat(elf.interpreter()).as(file + " interpreter").isEqualTo(expected.interpreter);
  }

  private static void assumeReadelf() {
    assumeTrue(Processes.available("readelf", "--version"), "binutils readelf is not installed");
  }

  @Test
  void hostPythonNeedsLibpython() throws IOException {
    assumeTrue(Files.isRegularFile(HOST_PYTHON), HOST_PYTHON + " is not on this machine");
    assumeReadelf();
    assertAgreesWithReadelf(HOST_PYTHON);
    ElfFile python = ElfFile.read(HOST_PYTHON);
    assertThat(python.needed()).contains("libpython3.11.so.1.0");
    assertThat(python.machineName()).isEqualTo("x86_64");
    assertThat(python.isDynamic()).isTrue();
  }

  @Test
  void hostLibrariesAndExtensionModulesAgreeWithReadelf() throws IOException {
    assumeReadelf();
    List<Path> files = new ArrayList<>(List.of(Paths.get("/bin/ls")));
    Path pythonLib = HOST_PYTHON.getParent().getParent().resolve("lib");
    if (Files.isDirectory(pythonLib)) {
      files.add(pythonLib.resolve("libpython3.11.so.1.0"));
      try (Stream<Path> modules = Files.list(pythonLib.resolve("python3.11/lib-dynload"))) {
        modules.filter(p -> p.toString().endsWith(".so")).sorted().forEach(files::add);
      }
    }
    for (String extra : new String[] {"/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/bin/qemu-aarch64-static", "/usr/bin/patchelf"}) {
      if (Files.isRegularFile(Paths.get(extra))) {
        files.add(Paths.get(extra));
      }
    }
    assertThat(files).hasSizeGreaterThan(1);
    for (Path file : files) {
      assertAgreesWithReadelf(file);
    }
    assertThat(ElfFile.read(Paths.get("/bin/ls")).needed()).noneMatch(n -> n.contains("python"));
  }

  @Test
  void aarch64SharedLibraryBuiltWithGnuLd() throws IOException {
    Path library = link("aarch64-linux-gnu-", "", List.of(), "libtop.so");
    assertAgreesWithReadelf(library);
    ElfFile elf = ElfFile.read(library);
    assertThat(elf.machineName()).isEqualTo("aarch64");
    assertThat(elf.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(elf.needed()).containsExactly("libdep.so.1");
    assertThat(elf.runpath()).containsExactly("$ORIGIN/../lib", "/opt/python/lib");
    assertThat(elf.soname()).contains("libtop.so");
  }

  @Test
  void bigEndianAarch64() throws IOException {
    Path library = link("aarch64-linux-gnu-", "-EB", List.of(), "libtop.so");
    assertAgreesWithReadelf(library);
    assertThat(ElfFile.read(library).byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThat(ElfFile.read(library).needed()).containsExactly("libdep.so.1");
  }

  @Test
  void thirtyTwoBitWithOldStyleRpath() throws IOException {
    Path library = link("", "--32", List.of("-m", "elf_i386", "--disable-new-dtags"),
        "libtop.so");
    assertAgreesWithReadelf(library);
    ElfFile elf = ElfFile.read(library);
    assertThat(elf.elfClass()).isEqualTo(32);
    assertThat(elf.machineName()).isEqualTo("i686");
    assertThat(elf.rpath()).containsExactly("$ORIGIN/../lib", "/opt/python/lib");
    assertThat(elf.runpath()).isEmpty();
  }

  @Test
  void fallsBackToSectionHeadersWithoutProgramHeaders() throws IOException {
    Path library = link("aarch64-linux-gnu-", "", List.of(), "libtop.so");
    ElfFile withSegments = ElfFile.read(library);
    // e_phoff and e_phnum zeroed: only the section headers (.dynamic, .dynstr) remain
    byte[] bytes = Files.readAllBytes(library);
    ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(32, 0L);
    header.putShort(56, (short) 0);
    Path sectionsOnly = temp.resolve("sections-only.so");
    Files.write(sectionsOnly, bytes);

    ElfFile elf = ElfFile.read(sectionsOnly);
    assertThat(elf.needed()).isEqualTo(withSegments.needed()).containsExactly("libdep.so.1");
    assertThat(elf.runpath()).isEqualTo(withSegments.runpath());
  }

  @Test
  void recognizesNonElfFiles() throws IOException {
    Path script = temp.resolve("script.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    assertThat(ElfFile.isElf(script)).isFalse();
    assertThat(ElfFile.isElf(temp)).isFalse();
    assertThat(ElfFile.isElf(temp.resolve("missing"))).isFalse();
    assertThat(ElfFile.isElf(Paths.get("/bin/ls"))).isTrue();
    assertThatThrownBy(() -> ElfFile.read(script))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(script + " is not an ELF file");
  }

  @Test
  void truncatedElfIsAnErrorNotAGuess() throws IOException {
    byte[] ls = Files.readAllBytes(Paths.get("/bin/ls"));
    Path truncated = temp.resolve("truncated");
    Files.write(truncated, Arrays.copyOf(ls, 200));
    assertThat(ElfFile.isElf(truncated)).isTrue();
    assertThatThrownBy(() -> ElfFile.read(truncated))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(truncated.toString());
  }

  /**
   * Assembles a one-instruction object and links libdep.so.1 and libtop.so (NEEDED libdep.so.1,
   * run path $ORIGIN/../lib:/opt/python/lib) with the given binutils prefix; skips if missing.
   */
  private Path link(String prefix, String asFlag, List<String> ldFlags, String name)
      throws IOException {
    assumeTrue(Processes.available(prefix + "as", "--version"), prefix + "as is not installed");
    assumeTrue(Processes.available(prefix + "ld", "--version"), prefix + "ld is not installed");
    assumeReadelf();
    Path dir = Files.createTempDirectory(temp, "ld");
    Path source = dir.resolve("f.s");
    Files.writeString(source, ".text\n.globl f\nf:\n  nop\n");
    List<String> as = new ArrayList<>(List.of(prefix + "as"));
    if (!asFlag.isEmpty()) {
      as.add(asFlag);
    }
    as.addAll(List.of("-o", dir.resolve("f.o").toString(), source.toString()));
    Processes.run(as, null, dir).requireSuccess();
    List<String> ld = new ArrayList<>(List.of(prefix + "ld"));
    ld.addAll(ldFlags);
    if (asFlag.equals("-EB")) {
      ld.add("-EB");
    }
    List<String> dep = new ArrayList<>(ld);
    dep.addAll(List.of("-shared", "-soname", "libdep.so.1", "-o", "libdep.so", "f.o"));
    Processes.run(dep, null, dir).requireSuccess();
    List<String> top = new ArrayList<>(ld);
    top.addAll(List.of("-shared", "-soname", name, "-rpath", "$ORIGIN/../lib:/opt/python/lib",
        "-L.", "-ldep", "-o", name, "f.o"));
    Processes.run(top, null, dir).requireSuccess();
    return dir.resolve(name);
  }
}
