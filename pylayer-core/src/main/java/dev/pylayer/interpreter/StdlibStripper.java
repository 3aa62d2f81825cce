package dev.pylayer.interpreter;

import dev.pylayer.files.FileTrees;
import java.io.IOException;
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
import java.util.TreeMap;
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
   * <p>Rules marked {@link StripRule#keepIfNeededByInterpreter()} run last: they spare every file
   * whose name the interpreter or any remaining ELF library or extension module of the tree lists
   * as {@code DT_NEEDED}. python-build-standalone keeps {@code libpython3.X.so.1.0} on the
   * library path because some third-party extension modules wrongly link it; stripping after
   * packages are installed therefore keeps it exactly when something needs it.
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
    Path home = layout.home();
    walk(home, home, compiled, false, Set.of(), tally);
    Set<Path> keep = neededCandidates(layout, compiled, notes);
    walk(home, home, compiled, true, keep, tally);
    normalizeLaunchers(layout, tally);

    List<StripReport.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, long[]> rule : tally.entrySet()) {
      entries.add(new StripReport.Entry(rule.getKey(), rule.getValue()[0],
          (int) rule.getValue()[1]));
    }
    return new StripReport(entries, notes);
  }

  /**
   * Deletes what the rules match. With {@code conditional} false, paths whose first matching rule
   * is DT_NEEDED-conditional are left alone; with it true, only those are handled, sparing
   * {@code keep}.
   */
  private void walk(Path home, Path dir, List<StripRule.Compiled> compiled, boolean conditional,
      Set<Path> keep, Map<String, long[]> tally) throws IOException {
    for (Path child : FileTrees.sortedChildren(dir)) {
      StripRule.Compiled rule = firstMatch(compiled, home.relativize(child));
      if (rule == null) {
        if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          walk(home, child, compiled, conditional, keep, tally);
        }
      } else if (rule.rule.isKeepIfNeededByInterpreter() == conditional
          && !keep.contains(child)) {
        FileTrees.Measure removed = FileTrees.delete(child);
        long[] sum = tally.get(rule.rule.name());
        sum[0] += removed.bytes();
        sum[1] += removed.files();
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
   * The files of DT_NEEDED-conditional rules to keep: those named in a DT_NEEDED entry of the
   * interpreter or of another ELF file left in the tree, and the files such names link to.
   */
  private static Set<Path> neededCandidates(InterpreterLayout layout,
      List<StripRule.Compiled> compiled, List<String> notes) throws IOException {
    Path home = layout.home();
    List<Path> candidates = new ArrayList<>();
    List<Path> elfFiles = new ArrayList<>();
    collect(home, home, compiled, candidates, elfFiles);
    Set<Path> keep = new HashSet<>();
    if (candidates.isEmpty()) {
      return keep;
    }
    String interpreter = home.relativize(layout.interpreter()).toString();
    if (!ElfFile.isElf(layout.interpreter())) {
      notes.add(interpreter + " is not an ELF file; kept what the DT_NEEDED-conditional rules"
          + " match, to be safe");
      keep.addAll(candidates);
      return keep;
    }
    elfFiles.remove(layout.interpreter());
    elfFiles.add(0, layout.interpreter());
    Map<String, String> neededBy = new LinkedHashMap<>();
    for (Path file : elfFiles) {
      ElfFile elf;
      try {
        elf = ElfFile.read(file);
      } catch (IOException e) {
        continue; // not our business here: a damaged library fails the smoke test, loudly
      }
      for (String name : elf.needed()) {
        // PBS's libpython3.so needs "$ORIGIN/../lib/libpython3.X.so.1.0": compare base names
        neededBy.putIfAbsent(name.substring(name.lastIndexOf('/') + 1),
            home.relativize(file).toString());
      }
    }
    Map<String, List<String>> keptFor = new TreeMap<>();
    for (Path candidate : candidates) {
      String name = candidate.getFileName().toString();
      if (!neededBy.containsKey(name)) {
        continue;
      }
      keep.add(candidate);
      keptFor.computeIfAbsent(neededBy.get(name), k -> new ArrayList<>()).add(name);
      if (Files.isSymbolicLink(candidate) && Files.exists(candidate)) {
        Path real = candidate.toRealPath();
        Path realHome = home.toRealPath();
        if (real.startsWith(realHome)) {
          keep.add(home.resolve(realHome.relativize(real).toString()));
        }
      }
    }
    for (Map.Entry<String, List<String>> kept : keptFor.entrySet()) {
      notes.add("kept " + String.join(", ", kept.getValue()) + ": " + kept.getKey()
          + " needs it (DT_NEEDED)");
    }
    return keep;
  }

  /** Finds paths of conditional rules and the ELF files (shared objects) that remain. */
  private static void collect(Path home, Path dir, List<StripRule.Compiled> compiled,
      List<Path> candidates, List<Path> elfFiles) throws IOException {
    for (Path child : FileTrees.sortedChildren(dir)) {
      StripRule.Compiled rule = firstMatch(compiled, home.relativize(child));
      if (rule != null && rule.rule.isKeepIfNeededByInterpreter()) {
        candidates.add(child);
      } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        collect(home, child, compiled, candidates, elfFiles);
      } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)
          && child.getFileName().toString().contains(".so") && ElfFile.isElf(child)) {
        elfFiles.add(child);
      }
    }
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
        FileTrees.Measure removed = FileTrees.delete(link); // a copy of the interpreter: keep one
        sum[0] += removed.bytes();
        sum[1] += removed.files();
      }
      Files.createSymbolicLink(link, link.getFileSystem().getPath(name));
    }
  }
}
