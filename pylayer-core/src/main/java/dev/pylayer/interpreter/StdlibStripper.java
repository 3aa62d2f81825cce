package dev.pylayer.interpreter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Removes from an extracted interpreter tree what a Lambda layer never uses: installers, IDLE, Tk,
 * the test suite, headers, build configuration, extra launchers, and the second copy of CPython
 * that python-build-standalone ships as {@code libpython3.X.so.1.0} next to an interpreter that
 * links it statically. What goes is decided by {@link StripRule data}; the interpreter's own
 * {@code DT_NEEDED} list decides whether libpython stays.
 *
 * <p>Afterwards {@code bin/} holds {@code python3.X} as a regular file and {@code python3} and
 * {@code python} as symbolic links to it, whatever the archive had.
 */
public final class StdlibStripper {

  private static final List<StripRule> DEFAULT_RULES = List.of(
      StripRule.of("pip-setuptools",
          "installers: a layer is built ahead of time, nothing pip-installs into /opt at run time",
          "lib/<py>/site-packages/{pip,pip-*,setuptools,setuptools-*,pkg_resources}",
          "lib/<py>/site-packages/{_distutils_hack,distutils-precedence.pth}",
          "lib/<py>/ensurepip"),
      StripRule.of("idlelib", "IDLE, the Tk-based editor", "lib/<py>/idlelib"),
      StripRule.of("tkinter-tcl-tk", "Tk GUI toolkit and its Tcl runtime: Lambda has no display",
          "lib/<py>/tkinter", "lib/<py>/lib-dynload/_tkinter*",
          "lib/{tcl,tk,itcl,thread,tix,Tix}*", "lib/{libtcl,libtk}*"),
      StripRule.of("turtledemo", "turtle graphics and its demos need Tk",
          "lib/<py>/turtledemo", "lib/<py>/turtle.py"),
      StripRule.of("lib2to3", "the Python 2 to 3 converter, a development tool",
          "lib/<py>/lib2to3"),
      StripRule.of("pydoc-data", "pydoc's help topics for the interactive help()",
          "lib/<py>/pydoc_data"),
      StripRule.of("tests", "CPython's own test suite",
          "lib/<py>/test", "lib/<py>/**/test", "lib/<py>/**/tests", "lib/<py>/**/idle_test")
          .except("lib/<py>/site-packages/**"),
      StripRule.of("test-extension-modules",
          "C extension modules that exist only for CPython's test suite",
          "lib/<py>/lib-dynload/{_test*,_ctypes_test*,_xxtestfuzz*,xxlimited*}"),
      StripRule.of("headers", "C headers, only for compiling extensions", "include"),
      StripRule.of("share", "manual pages and terminfo, unused without a terminal", "share"),
      StripRule.of("config", "the static library and Makefile used to build extensions",
          "lib/<py>/config-<ver>*"),
      StripRule.of("pkgconfig", "pkg-config files, only for compiling against libpython",
          "lib/pkgconfig"),
      StripRule.of("extra-bin", "launchers and scripts other than the interpreter (pip, idle,"
          + " pydoc, 2to3, python3.X-config)", "bin/*")
          .except("bin/<py>", "bin/python3", "bin/python"),
      StripRule.of("libpython-duplicate",
          "a second copy of CPython as a shared library, unused by an interpreter that does not"
              + " list it as DT_NEEDED",
          "lib/libpython*.so*").keepIfNeededByInterpreter(),
      StripRule.of("pycache", "bytecode caches; pylayer compiles its own",
          "__pycache__", "**/__pycache__"));

  private final List<StripRule> rules;

  private StdlibStripper(List<StripRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The stripper with {@link #defaultRules()}. */
  public static StdlibStripper withDefaultRules() {
    return new StdlibStripper(DEFAULT_RULES);
  }

  /** A stripper with exactly {@code rules}, applied in order (the first matching rule counts). */
  public static StdlibStripper withRules(List<StripRule> rules) {
    return new StdlibStripper(rules);
  }

  /** The rules pylayer applies by default. */
  public static List<StripRule> defaultRules() {
    return DEFAULT_RULES;
  }

  /** A stripper without the rules named in {@code ruleNames} (e.g. to keep {@code tests}). */
  public StdlibStripper without(Set<String> ruleNames) {
    return new StdlibStripper(rules.stream()
        .filter(r -> !ruleNames.contains(r.name()))
        .collect(Collectors.toList()));
  }

  /** The rules this stripper applies. */
  public List<StripRule> rules() {
    return rules;
  }

  /**
   * Strips the tree in place and reports what each rule removed.
   *
   * @throws IOException if the tree cannot be read or changed; the tree may then be partly
   *     stripped, which is harmless (stripping again finishes the job)
   */
  public StripReport strip(InterpreterLayout layout) throws IOException {
    List<String> notes = new ArrayList<>();
    List<StripRule.Compiled> compiled = new ArrayList<>();
    Map<String, long[]> tally = new LinkedHashMap<>();
    for (StripRule rule : rules) {
      compiled.add(rule.compile(layout.minorVersion()));
      tally.put(rule.name(), new long[2]);
    }
    Set<Path> neededLibraries = neededLibraries(layout, notes);
    Path home = layout.home();
    walk(home, home, compiled, neededLibraries, tally);
    normalizeLaunchers(layout, tally);

    List<StripReport.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, long[]> rule : tally.entrySet()) {
      entries.add(new StripReport.Entry(rule.getKey(), rule.getValue()[0],
          (int) rule.getValue()[1]));
    }
    return new StripReport(entries, notes);
  }

  private void walk(Path home, Path dir, List<StripRule.Compiled> compiled,
      Set<Path> neededLibraries, Map<String, long[]> tally) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    }
    children.sort(null);
    for (Path child : children) {
      Path relative = home.relativize(child);
      StripRule.Compiled rule = firstMatch(compiled, relative);
      if (rule != null && !(rule.rule.isKeepIfNeededByInterpreter()
          && neededLibraries.contains(child))) {
        long[] removed = deleteMeasured(child);
        long[] sum = tally.get(rule.rule.name());
        sum[0] += removed[0];
        sum[1] += removed[1];
      } else if (rule == null && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        walk(home, child, compiled, neededLibraries, tally);
      }
    }
  }

  private static StripRule.Compiled firstMatch(List<StripRule.Compiled> compiled, Path relative) {
    for (StripRule.Compiled rule : compiled) {
      if (rule.matches(relative)) {
        return rule;
      }
    }
    return null;
  }

  /**
   * The files of {@code python/lib} the interpreter loads by DT_NEEDED name (its RUNPATH is
   * {@code $ORIGIN/../lib}), plus what those names link to.
   */
  private static Set<Path> neededLibraries(InterpreterLayout layout, List<String> notes)
      throws IOException {
    Set<Path> keep = new HashSet<>();
    Path interpreter = layout.interpreter();
    String shown = layout.home().relativize(interpreter).toString();
    if (!ElfFile.isElf(interpreter)) {
      notes.add(shown + " is not an ELF file; libpython is kept to be safe");
      try (DirectoryStream<Path> libs = Files.newDirectoryStream(layout.libDir(), "libpython*")) {
        libs.forEach(keep::add);
      }
      return keep;
    }
    ElfFile elf = ElfFile.read(interpreter);
    Set<String> kept = new TreeSet<>();
    for (String name : elf.needed()) {
      Path library = layout.libDir().resolve(name);
      if (name.contains("/") || !Files.exists(library, LinkOption.NOFOLLOW_LINKS)) {
        continue; // a system library such as libc.so.6
      }
      keep.add(library);
      kept.add(name);
      if (Files.isSymbolicLink(library) && Files.exists(library)) {
        Path real = library.toRealPath();
        if (real.startsWith(layout.home().toRealPath())) {
          keep.add(layout.libDir().resolve(layout.libDir().toRealPath().relativize(real)));
        }
      }
    }
    if (!kept.isEmpty()) {
      notes.add("kept " + String.join(", ", kept) + ": " + shown + " needs it (DT_NEEDED)");
    }
    return keep;
  }

  /** Makes bin/python3.X a regular file and python3, python symbolic links to it. */
  private static void normalizeLaunchers(InterpreterLayout layout, Map<String, long[]> tally)
      throws IOException {
    Path interpreter = layout.interpreter();
    String name = layout.executableName();
    if (Files.isSymbolicLink(interpreter)) {
      Path real = interpreter.toRealPath();
      if (!real.startsWith(layout.home().toRealPath()) || !Files.isRegularFile(real)) {
        throw new IOException(interpreter + " links to " + real
            + ", which is not a file inside the interpreter tree");
      }
      Files.delete(interpreter);
      Files.move(real, interpreter);
    }
    if (!Files.isRegularFile(interpreter, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(interpreter + " is not a regular file");
    }
    long[] sum = tally.computeIfAbsent("extra-bin", k -> new long[2]);
    for (String alias : new String[] {"python3", "python"}) {
      Path link = layout.binDir().resolve(alias);
      if (Files.isSymbolicLink(link)) {
        if (Files.readSymbolicLink(link).toString().equals(name)) {
          continue;
        }
        Files.delete(link);
      } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        long[] removed = deleteMeasured(link); // a copy of the interpreter: keep one
        sum[0] += removed[0];
        sum[1] += removed[1];
      }
      Files.createSymbolicLink(link, link.getFileSystem().getPath(name));
    }
  }

  /** Deletes a file, link or tree without following links; returns {bytes, files} removed. */
  private static long[] deleteMeasured(Path path) throws IOException {
    long[] removed = new long[2];
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          removed[0] += attrs.size();
        }
        removed[1]++;
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
    return removed;
  }
}
