package dev.pylayer.interpreter;

import dev.pylayer.files.BundledResources;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ELF hygiene for a layer tree: every absolute {@code RUNPATH}/{@code RPATH} directory is made
 * {@code $ORIGIN}-relative when it names a directory of the layer that holds a library the file
 * needs, removed when it names a directory of the layer's own build tree that holds none (it only
 * costs failed opens at every start), and reported when it points outside the layer. Rewriting is
 * done in place, in Java: the new string is written over the old one in the dynamic string table
 * when it is not longer (NUL-padded), and an entry left empty is removed from the dynamic table
 * (later entries move up, a {@code DT_NULL} ends it), as {@code patchelf --remove-rpath} does. A
 * new string longer than the old is not written (there is no room without moving sections) and
 * is reported instead.
 *
 * <p>Also reports needed libraries that neither the layer nor the Lambda AL2023 base image
 * ({@code lambda-al2023-libraries.txt}) provides.
 */
public final class ElfSearchPaths {

  /** The loader searches these anyway; an entry naming one is never treated as a build path. */
  private static final Set<String> SYSTEM_DIRECTORIES = Set.of("/lib", "/lib64", "/usr/lib",
      "/usr/lib64", "/usr/local/lib", "/usr/local/lib64");

  private final Set<String> baseImageLibraries;

  private ElfSearchPaths(Set<String> baseImageLibraries) {
    this.baseImageLibraries = Set.copyOf(baseImageLibraries);
  }

  /** Checking against the AL2023 base image's libraries. */
  public static ElfSearchPaths forLambdaAl2023() {
    return new ElfSearchPaths(al2023Libraries());
  }

  /**
   * What was found and done.
   *
   * @param elfFiles ELF files examined
   * @param rewritten "file: RUNPATH old -> new" for each rewritten or removed entry
   * @param absoluteLeft "file: RUNPATH dir (why)" for absolute directories left as they were
   * @param missingLibraries "file needs lib" for libraries found neither in the layer nor in the
   *     base image
   */
  public record Result(int elfFiles, List<String> rewritten, List<String> absoluteLeft,
      List<String> missingLibraries) {}

  /** The bundled list of libraries of the Lambda AL2023 base image. */
  public static Set<String> al2023Libraries() {
    Set<String> names = new HashSet<>();
    for (String line : BundledResources.text(ElfSearchPaths.class, "lambda-al2023-libraries.txt")
        .split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * Checks and fixes every ELF file under {@code layerRoot}.
   *
   * @param pythonHome the interpreter's home inside the layer ({@code layerRoot/python}): build
   *     paths are matched against the layer by their trailing directories below it
   */
  public Result fix(Path layerRoot, Path pythonHome) throws IOException {
    Map<String, Set<Path>> libraries = new HashMap<>(); // file name -> directories holding it
    Set<Path> directories = new HashSet<>();
    List<Path> elfFiles = new ArrayList<>();
    Files.walkFileTree(layerRoot, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        directories.add(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        libraries.computeIfAbsent(file.getFileName().toString(), k -> new HashSet<>())
            .add(file.getParent());
        if (attrs.isRegularFile() && ElfFile.isElf(file)) {
          elfFiles.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    elfFiles.sort(null);
    List<String> rewritten = new ArrayList<>();
    List<String> left = new ArrayList<>();
    Set<String> missing = new TreeSet<>();
    int examined = 0;
    for (Path file : elfFiles) {
      ElfFile elf;
      try {
        elf = ElfFile.read(file);
      } catch (IOException e) {
        continue; // not a well-formed ELF file: nothing the loader would use either
      }
      examined++;
      String name = layerRoot.relativize(file).toString();
      for (String needed : elf.needed()) {
        if (!libraries.containsKey(needed) && !baseImageLibraries.contains(needed)) {
          missing.add(name + " needs " + needed);
        }
      }
      fixSearchPaths(elf, name, layerRoot, pythonHome, libraries, directories, rewritten, left);
    }
    return new Result(examined, rewritten, left, new ArrayList<>(missing));
  }

  private static void fixSearchPaths(ElfFile elf, String name, Path layerRoot, Path pythonHome,
      Map<String, Set<Path>> libraries, Set<Path> directories, List<String> rewritten,
      List<String> left) throws IOException {
    List<ElfFile.SearchPathEntry> removals = new ArrayList<>();
    for (ElfFile.SearchPathEntry entry : elf.searchPathEntries()) {
      String tag = entry.runpath() ? "RUNPATH" : "RPATH";
      List<String> kept = new ArrayList<>();
      boolean changed = false;
      for (String dir : entry.value().split(":", -1)) {
        if (!dir.startsWith("/")) {
          kept.add(dir);
          continue;
        }
        Path target = mapIntoLayer(dir, elf.needed(), layerRoot, pythonHome, libraries);
        if (target != null) {
          String relative = elf.path().getParent().relativize(target).toString();
          kept.add(relative.isEmpty() ? "$ORIGIN" : "$ORIGIN/" + relative);
          changed = true;
        } else if (!SYSTEM_DIRECTORIES.contains(Path.of(dir).normalize().toString())
            && suffixMatchesAny(dir, layerRoot, pythonHome, directories)) {
          changed = true; // the build tree's copy of a layer directory with nothing needed
        } else {
          kept.add(dir);
          left.add(name + ": " + tag + " " + dir + " (outside the layer; the file only works"
              + " where that directory exists)");
        }
      }
      if (!changed) {
        continue;
      }
      String value = String.join(":", kept);
      if (kept.isEmpty()) {
        removals.add(entry);
        rewritten.add(name + ": " + tag + " " + entry.value() + " -> (removed)");
      } else if (value.getBytes(StandardCharsets.UTF_8).length
          <= entry.value().getBytes(StandardCharsets.UTF_8).length && entry.stringOffset() >= 0) {
        writeString(elf.path(), entry, value);
        rewritten.add(name + ": " + tag + " " + entry.value() + " -> " + value);
      } else {
        left.add(name + ": " + tag + " " + entry.value() + " (not rewritten: " + value
            + " is longer and pylayer rewrites in place)");
      }
    }
    if (!removals.isEmpty()) {
      removeEntries(elf, removals);
    }
  }

  /** The layer directory an absolute build-time directory stands for, holding a needed library. */
  private static Path mapIntoLayer(String dir, List<String> needed, Path layerRoot,
      Path pythonHome, Map<String, Set<Path>> libraries) {
    Path best = null;
    for (String library : needed) {
      for (Path candidate : libraries.getOrDefault(library, Set.of())) {
        if (endsWith(dir, layerRoot, pythonHome, candidate)
            && (best == null || candidate.getNameCount() > best.getNameCount())) {
          best = candidate;
        }
      }
    }
    return best;
  }

  private static boolean suffixMatchesAny(String dir, Path layerRoot, Path pythonHome,
      Set<Path> directories) {
    for (Path candidate : directories) {
      if (endsWith(dir, layerRoot, pythonHome, candidate)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code dir} ends with {@code candidate}'s path below the python home or layer. */
  private static boolean endsWith(String dir, Path layerRoot, Path pythonHome, Path candidate) {
    Path absolute = Path.of(dir).normalize();
    for (Path base : List.of(pythonHome, layerRoot)) {
      if (!candidate.startsWith(base) || candidate.equals(base)) {
        continue;
      }
      Path relative = base.relativize(candidate);
      if (absolute.getNameCount() >= relative.getNameCount()
          && absolute.endsWith(relative)
          && (base.equals(pythonHome) || absolute.getNameCount() > relative.getNameCount())) {
        return true;
      }
    }
    return absolute.equals(candidate);
  }

  private static void writeString(Path file, ElfFile.SearchPathEntry entry, String value)
      throws IOException {
    byte[] old = entry.value().getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[old.length];
    byte[] fresh = value.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(fresh, 0, bytes, 0, fresh.length); // the rest stays NUL
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), entry.stringOffset());
    }
  }

  /** Removes dynamic entries, moving the later ones up and ending the table with DT_NULL. */
  private static void removeEntries(ElfFile elf, List<ElfFile.SearchPathEntry> removals)
      throws IOException {
    int size = elf.is64Bit() ? 16 : 8;
    int count = elf.dynamicTableEntries();
    ByteBuffer table = ByteBuffer.allocate(count * size).order(elf.byteOrder());
    try (FileChannel channel = FileChannel.open(elf.path(), StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      while (table.hasRemaining()
          && channel.read(table, elf.dynamicTableOffset() + table.position()) > 0) {
        // read the whole table
      }
      byte[] bytes = table.array();
      List<Integer> indexes = new ArrayList<>();
      removals.forEach(r -> indexes.add(r.index()));
      indexes.sort(java.util.Comparator.reverseOrder());
      for (int index : indexes) {
        System.arraycopy(bytes, (index + 1) * size, bytes, index * size,
            (count - index - 1) * size);
        java.util.Arrays.fill(bytes, (count - 1) * size, count * size, (byte) 0);
      }
      channel.write(ByteBuffer.wrap(bytes), elf.dynamicTableOffset());
    }
  }
}
