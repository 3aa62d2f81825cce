package dev.pylayer.interpreter;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The few facts pylayer needs from an ELF file (executable or shared library), read without running
 * anything and without a native tool: word size, byte order, machine, and the dynamic section's
 * {@code DT_NEEDED}, {@code DT_SONAME}, {@code DT_RPATH} and {@code DT_RUNPATH}.
 *
 * <p>The dynamic section is found through the program headers ({@code PT_DYNAMIC}) and its string
 * table through {@code DT_STRTAB}, an address mapped to a file offset by the {@code PT_LOAD}
 * segments, which is what the dynamic loader itself uses; files without program headers fall back
 * to the {@code .dynamic} section and its linked string table. Only the headers and the dynamic
 * data are read, so multi-megabyte libraries cost a few small reads.
 */
public final class ElfFile {

  /** {@code e_machine} of x86-64. */
  public static final int EM_X86_64 = 62;
  /** {@code e_machine} of AArch64. */
  public static final int EM_AARCH64 = 183;
  /** {@code e_machine} of i386. */
  public static final int EM_386 = 3;

  private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final int PT_INTERP = 3;
  private static final int SHT_DYNAMIC = 6;
  private static final long DT_NULL = 0;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;
  private static final long DT_STRSZ = 10;
  private static final long DT_SONAME = 14;
  private static final long DT_RPATH = 15;
  private static final long DT_RUNPATH = 29;
  private static final int PN_XNUM = 0xffff;
  /** Larger dynamic sections or string tables than this are not real: refuse to allocate. */
  private static final long MAX_TABLE_BYTES = 64L << 20;

  private final Path path;
  private final boolean is64Bit;
  private final ByteOrder byteOrder;
  private final int type;
  private final int machine;
  private final List<String> needed;
  private final Optional<String> soname;
  private final List<String> rpath;
  private final List<String> runpath;
  private final Optional<String> interpreter;
  private final boolean dynamic;
  private final long dynamicOffset;
  private final int dynamicEntries;
  private final List<SearchPathEntry> searchPaths;

  /**
   * Where a {@code DT_RPATH} or {@code DT_RUNPATH} entry and its string are in the file, for
   * rewriting in place.
   *
   * @param runpath true for {@code DT_RUNPATH}, false for {@code DT_RPATH}
   * @param value the string (directories separated by {@code :})
   * @param index the entry's index in the dynamic table
   * @param stringOffset the file offset of the string
   */
  public record SearchPathEntry(boolean runpath, String value, int index, long stringOffset) {}

  private ElfFile(Parser parser) {
    this.path = parser.path;
    this.is64Bit = parser.is64Bit;
    this.byteOrder = parser.order;
    this.type = parser.type;
    this.machine = parser.machine;
    this.needed = List.copyOf(parser.needed);
    this.soname = Optional.ofNullable(parser.soname);
    this.rpath = List.copyOf(parser.rpath);
    this.runpath = List.copyOf(parser.runpath);
    this.interpreter = Optional.ofNullable(parser.interpreter);
    this.dynamic = parser.dynamic;
    this.dynamicOffset = parser.dynamicOffset;
    this.dynamicEntries = parser.dynamicEntries;
    this.searchPaths = List.copyOf(parser.searchPaths);
  }

  /** The RPATH and RUNPATH entries with their places in the file. */
  public List<SearchPathEntry> searchPathEntries() {
    return searchPaths;
  }

  /** The file offset of the dynamic table (-1 when there is none). */
  public long dynamicTableOffset() {
    return dynamicOffset;
  }

  /** Entries in the dynamic table, its {@code DT_NULL} included. */
  public int dynamicTableEntries() {
    return dynamicEntries;
  }

  /** Whether {@code file} is a readable regular file that starts with the ELF magic. */
  public static boolean isElf(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(MAGIC.length);
      while (head.hasRemaining() && channel.read(head) >= 0) {
        // keep reading: a read may return fewer bytes than asked
      }
      return !head.hasRemaining() && Arrays.equals(head.array(), MAGIC);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads the ELF headers and dynamic section of {@code file}.
   *
   * @throws IOException if the file cannot be read, is not ELF, or its headers are inconsistent
   */
  public static ElfFile read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      Parser parser = new Parser(file, channel);
      parser.parse();
      return new ElfFile(parser);
    }
  }

  /** The file this was read from. */
  public Path path() {
    return path;
  }

  /** 64 for ELFCLASS64, 32 for ELFCLASS32. */
  public int elfClass() {
    return is64Bit ? 64 : 32;
  }

  /** Whether the file is ELFCLASS64. */
  public boolean is64Bit() {
    return is64Bit;
  }

  /** The byte order of the file's data. */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /** {@code e_type}: 2 for executables, 3 for shared objects and PIE executables. */
  public int type() {
    return type;
  }

  /** {@code e_machine}, e.g. {@link #EM_X86_64} or {@link #EM_AARCH64}. */
  public int machine() {
    return machine;
  }

  /**
   * The machine as python-build-standalone and wheel tags spell it: {@code x86_64}, {@code
   * aarch64}, {@code i686}, or {@code e_machine=<n>} for others.
   */
  public String machineName() {
    switch (machine) {
      case EM_X86_64:
        return "x86_64";
      case EM_AARCH64:
        return "aarch64";
      case EM_386:
        return "i686";
      default:
        return "e_machine=" + machine;
    }
  }

  /** Whether the file has a dynamic section (a static executable has none). */
  public boolean isDynamic() {
    return dynamic;
  }

  /** The {@code DT_NEEDED} library names in file order, e.g. {@code libpython3.11.so.1.0}. */
  public List<String> needed() {
    return needed;
  }

  /** {@code DT_SONAME}, for shared libraries that declare one. */
  public Optional<String> soname() {
    return soname;
  }

  /** The directories of {@code DT_RPATH}, split at {@code :}, in order. */
  public List<String> rpath() {
    return rpath;
  }

  /** The directories of {@code DT_RUNPATH}, split at {@code :}, in order. */
  public List<String> runpath() {
    return runpath;
  }

  /** The program interpreter ({@code PT_INTERP}), e.g. {@code /lib/ld-linux-aarch64.so.1}. */
  public Optional<String> interpreter() {
    return interpreter;
  }

  @Override
  public String toString() {
    return path + ": ELF" + elfClass() + " " + machineName() + " "
        + (byteOrder == ByteOrder.LITTLE_ENDIAN ? "LE" : "BE") + ", NEEDED " + needed;
  }

  /** One pass over the file; fields are filled in as they are found. */
  private static final class Parser {
    final Path path;
    final FileChannel channel;
    final long size;
    boolean is64Bit;
    ByteOrder order;
    int type;
    int machine;
    boolean dynamic;
    final List<String> needed = new ArrayList<>();
    final List<String> rpath = new ArrayList<>();
    final List<String> runpath = new ArrayList<>();
    String soname;
    String interpreter;
    long dynamicOffset = -1;
    int dynamicEntries;
    long strtabOffset = -1;
    final List<SearchPathEntry> searchPaths = new ArrayList<>();

    Parser(Path path, FileChannel channel) throws IOException {
      this.path = path;
      this.channel = channel;
      this.size = channel.size();
    }

    void parse() throws IOException {
      ByteBuffer ident = read(0, 16);
      byte[] magic = new byte[4];
      ident.get(0, magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException(path + " is not an ELF file (it does not start with 0x7f 'ELF')");
      }
      int elfClass = ident.get(4);
      int data = ident.get(5);
      if (elfClass != 1 && elfClass != 2) {
        throw malformed("unknown ELF class " + elfClass);
      }
      if (data != 1 && data != 2) {
        throw malformed("unknown ELF data encoding " + data);
      }
      is64Bit = elfClass == 2;
      order = data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;

      ByteBuffer header = read(0, is64Bit ? 64 : 52);
      type = Short.toUnsignedInt(header.getShort(16));
      machine = Short.toUnsignedInt(header.getShort(18));
      long phoff = is64Bit ? header.getLong(32) : Integer.toUnsignedLong(header.getInt(28));
      long shoff = is64Bit ? header.getLong(40) : Integer.toUnsignedLong(header.getInt(32));
      int phentsize = Short.toUnsignedInt(header.getShort(is64Bit ? 54 : 42));
      int phnum = Short.toUnsignedInt(header.getShort(is64Bit ? 56 : 44));
      int shentsize = Short.toUnsignedInt(header.getShort(is64Bit ? 58 : 46));
      int shnum = Short.toUnsignedInt(header.getShort(is64Bit ? 60 : 48));

      List<Section> sections = readSections(shoff, shentsize, shnum);
      if (phnum == PN_XNUM && !sections.isEmpty()) {
        phnum = (int) sections.get(0).info; // more than 0xfffe headers: count lives in section 0
      }
      List<Segment> segments = readSegments(phoff, phentsize, phnum);

      Segment dynamicSegment = null;
      for (Segment segment : segments) {
        if (segment.type == PT_DYNAMIC && dynamicSegment == null) {
          dynamicSegment = segment;
        } else if (segment.type == PT_INTERP && interpreter == null) {
          long length = Math.min(segment.fileSize, 4096);
          interpreter = cString(readTable(segment.offset, length, "PT_INTERP"), 0);
        }
      }
      Section dynamicSection = null;
      for (Section section : sections) {
        if (section.type == SHT_DYNAMIC) {
          dynamicSection = section;
          break;
        }
      }

      ByteBuffer dynamicTable;
      if (dynamicSegment != null) {
        dynamicTable = readTable(dynamicSegment.offset, dynamicSegment.fileSize, "PT_DYNAMIC");
        dynamicOffset = dynamicSegment.offset;
      } else if (dynamicSection != null) {
        dynamicTable = readTable(dynamicSection.offset, dynamicSection.size, ".dynamic");
        dynamicOffset = dynamicSection.offset;
      } else {
        return; // static executable, relocatable object, core file: no dynamic data
      }
      dynamic = true;
      readDynamic(dynamicTable, segments, sections, dynamicSection);
    }

    private void readDynamic(
        ByteBuffer table, List<Segment> segments, List<Section> sections, Section dynamicSection)
        throws IOException {
      int entrySize = is64Bit ? 16 : 8;
      List<long[]> strings = new ArrayList<>(); // {tag, offset into the string table, index}
      long strtabAddress = -1;
      long strtabSize = -1;
      for (int at = 0; at + entrySize <= table.limit(); at += entrySize) {
        long tag = is64Bit ? table.getLong(at) : table.getInt(at);
        long value =
            is64Bit ? table.getLong(at + 8) : Integer.toUnsignedLong(table.getInt(at + 4));
        dynamicEntries++;
        if (tag == DT_NULL) {
          break;
        } else if (tag == DT_STRTAB) {
          strtabAddress = value;
        } else if (tag == DT_STRSZ) {
          strtabSize = value;
        } else if (tag == DT_NEEDED || tag == DT_SONAME || tag == DT_RPATH || tag == DT_RUNPATH) {
          strings.add(new long[] {tag, value, at / entrySize});
        }
      }
      if (strings.isEmpty()) {
        return;
      }
      ByteBuffer strtab =
          stringTable(strtabAddress, strtabSize, segments, sections, dynamicSection);
      for (long[] string : strings) {
        if (string[1] >= strtab.limit()) {
          throw malformed("dynamic string offset " + string[1] + " is past the string table");
        }
        String value = cString(strtab, (int) string[1]);
        if (string[0] == DT_NEEDED) {
          needed.add(value);
        } else if (string[0] == DT_SONAME) {
          soname = value;
        } else if (string[0] == DT_RPATH) {
          rpath.addAll(splitPath(value));
          searchPaths.add(new SearchPathEntry(false, value, (int) string[2],
              strtabOffset < 0 ? -1 : strtabOffset + string[1]));
        } else {
          runpath.addAll(splitPath(value));
          searchPaths.add(new SearchPathEntry(true, value, (int) string[2],
              strtabOffset < 0 ? -1 : strtabOffset + string[1]));
        }
      }
    }

    /** Locates the dynamic string table: DT_STRTAB through PT_LOAD, else the section link. */
    private ByteBuffer stringTable(
        long address, long declaredSize, List<Segment> segments, List<Section> sections,
        Section dynamicSection) throws IOException {
      if (address >= 0) {
        for (Segment segment : segments) {
          if (segment.type == PT_LOAD
              && address >= segment.virtualAddress
              && address < segment.virtualAddress + segment.fileSize) {
            long offset = segment.offset + (address - segment.virtualAddress);
            long available = segment.virtualAddress + segment.fileSize - address;
            long length = declaredSize > 0 ? Math.min(declaredSize, available) : available;
            strtabOffset = offset;
            return readTable(offset, length, "DT_STRTAB");
          }
        }
      }
      if (dynamicSection != null
          && dynamicSection.link > 0
          && dynamicSection.link < sections.size()) {
        Section strtab = sections.get((int) dynamicSection.link);
        strtabOffset = strtab.offset;
        return readTable(strtab.offset, strtab.size, ".dynstr");
      }
      throw malformed("the dynamic string table (DT_STRTAB 0x" + Long.toHexString(address)
          + ") is not inside any loadable segment and there is no .dynstr section");
    }

    private List<Segment> readSegments(long offset, int entrySize, int count) throws IOException {
      List<Segment> segments = new ArrayList<>();
      if (offset == 0 || count == 0) {
        return segments;
      }
      if (entrySize < (is64Bit ? 56 : 32)) {
        throw malformed("program header entries of " + entrySize + " bytes are too small");
      }
      ByteBuffer table = readTable(offset, (long) entrySize * count, "program headers");
      for (int i = 0; i < count; i++) {
        int at = i * entrySize;
        Segment segment = new Segment();
        segment.type = table.getInt(at);
        if (is64Bit) {
          segment.offset = table.getLong(at + 8);
          segment.virtualAddress = table.getLong(at + 16);
          segment.fileSize = table.getLong(at + 32);
        } else {
          segment.offset = Integer.toUnsignedLong(table.getInt(at + 4));
          segment.virtualAddress = Integer.toUnsignedLong(table.getInt(at + 8));
          segment.fileSize = Integer.toUnsignedLong(table.getInt(at + 16));
        }
        segments.add(segment);
      }
      return segments;
    }

    private List<Section> readSections(long offset, int entrySize, int count) throws IOException {
      List<Section> sections = new ArrayList<>();
      if (offset == 0 || entrySize == 0) {
        return sections;
      }
      if (entrySize < (is64Bit ? 64 : 40)) {
        throw malformed("section header entries of " + entrySize + " bytes are too small");
      }
      if (count == 0) {
        // SHN_LORESERVE or more sections: the real count is in section 0's sh_size
        count = 1;
      }
      if (offset + (long) entrySize * count > size) {
        return sections; // stripped or truncated section table: program headers suffice
      }
      ByteBuffer table = readTable(offset, (long) entrySize * count, "section headers");
      for (int i = 0; i < count; i++) {
        int at = i * entrySize;
        Section section = new Section();
        section.type = table.getInt(at + 4);
        if (is64Bit) {
          section.offset = table.getLong(at + 24);
          section.size = table.getLong(at + 32);
          section.link = Integer.toUnsignedLong(table.getInt(at + 40));
          section.info = Integer.toUnsignedLong(table.getInt(at + 44));
        } else {
          section.offset = Integer.toUnsignedLong(table.getInt(at + 16));
          section.size = Integer.toUnsignedLong(table.getInt(at + 20));
          section.link = Integer.toUnsignedLong(table.getInt(at + 24));
          section.info = Integer.toUnsignedLong(table.getInt(at + 28));
        }
        sections.add(section);
      }
      if (sections.size() == 1 && sections.get(0).size > 1) {
        return readSections(offset, entrySize, (int) Math.min(sections.get(0).size, 1 << 20));
      }
      return sections;
    }

    private ByteBuffer readTable(long offset, long length, String what) throws IOException {
      if (offset < 0 || length < 0 || length > MAX_TABLE_BYTES || offset + length > size) {
        throw malformed(what + " (offset " + offset + ", " + length
            + " bytes) lies outside the " + size + "-byte file");
      }
      return read(offset, (int) length);
    }

    private ByteBuffer read(long offset, int length) throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(length).order(order == null
          ? ByteOrder.LITTLE_ENDIAN : order);
      long position = offset;
      while (buffer.hasRemaining()) {
        int count = channel.read(buffer, position);
        if (count < 0) {
          throw new EOFException(path + " is truncated: expected " + length + " bytes at offset "
              + offset);
        }
        position += count;
      }
      return buffer.flip();
    }

    private IOException malformed(String problem) {
      return new IOException(path + " is not a valid ELF file: " + problem);
    }

    private static String cString(ByteBuffer buffer, int start) {
      int end = start;
      while (end < buffer.limit() && buffer.get(end) != 0) {
        end++;
      }
      byte[] bytes = new byte[end - start];
      buffer.get(start, bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> splitPath(String value) {
      return value.isEmpty() ? List.of() : Arrays.asList(value.split(":", -1));
    }
  }

  private static final class Segment {
    int type;
    long offset;
    long virtualAddress;
    long fileSize;
  }

  private static final class Section {
    int type;
    long offset;
    long size;
    long link;
    long info;
  }
}
