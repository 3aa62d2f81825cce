package dev.pylayer.pipeline;

import dev.pylayer.interpreter.ElfFile;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.optimize.NativeStripper;
import dev.pylayer.pep.Arch;
import dev.pylayer.process.CommandResult;
import dev.pylayer.process.CommandRunner;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The optimize step's native stripping, checked. Every ELF file is copied aside first; after
 * {@link NativeStripper} ran, a file that grew is put back, and the layer's interpreter must still
 * start and load (dlopen, no module code runs) every shared object it loaded before stripping:
 * what no longer loads is put back and named. The interpreter runs natively or under qemu; where
 * neither is possible the result says the check was not made.
 */
final class NativeStripStep {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /** Loads each shared object named on stdin with ctypes; prints the ones that fail. */
  private static final String LOAD_CHECK = String.join("\n",
      "import ctypes, sys",
      "for line in sys.stdin.read().splitlines():",
      "    try:",
      "        ctypes.CDLL(line)",
      "    except OSError as e:",
      "        print('FAIL\\t' + line + '\\t' + str(e).replace('\\n', ' '))",
      "print('DONE')",
      "");

  /** What stripping saved, what was put back, and how the result was checked. */
  record Result(String tool, long bytesSaved, int files, List<String> notes, String check) {}

  private final BuildContext context;

  NativeStripStep(BuildContext context) {
    this.context = context;
  }

  Result run(NativeStripper stripper, Arch arch, InterpreterLayout layout, Path scratch)
      throws IOException {
    List<Path> elves = elfFiles(layout.home());
    Path backup = Files.createDirectories(scratch.resolve("native-strip-backup"));
    Map<Path, Long> sizeBefore = new LinkedHashMap<>();
    for (Path file : elves) {
      Path copy = backup.resolve(layout.home().relativize(file).toString());
      Files.createDirectories(copy.getParent());
      Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
      sizeBefore.put(file, Files.size(file));
    }
    Optional<List<String>> launcher = context.host().launcherFor(arch);
    List<Path> sharedObjects = elves.stream().filter(p -> p.getFileName().toString()
        .contains(".so")).toList();
    Optional<LoadCheck> before = launcher.isPresent()
        ? Optional.of(loadCheck(launcher.get(), layout, sharedObjects)) : Optional.empty();

    List<Path> debugOnly = new ArrayList<>();
    debugOnly.add(layout.interpreter());
    try (var libs = Files.newDirectoryStream(layout.libDir(), "libpython*.so*")) {
      libs.forEach(debugOnly::add);
    }
    NativeStripper.Result stripped = stripper.strip(layout.home(), debugOnly);
    List<String> notes = new ArrayList<>(stripped.notes());

    List<String> grown = new ArrayList<>();
    for (Map.Entry<Path, Long> entry : sizeBefore.entrySet()) {
      long after = Files.size(entry.getKey());
      if (after > entry.getValue()) {
        restore(backup, layout, entry.getKey());
        grown.add(layout.home().relativize(entry.getKey()) + " (+" + (after - entry.getValue())
            + " bytes)");
      }
    }
    if (!grown.isEmpty()) {
      notes.add("stripping made " + grown.size() + " file(s) bigger, so they were kept as they"
          + " were: " + String.join(", ", grown));
    }

    String check;
    if (before.isEmpty()) {
      check = "not checked: " + context.host().cannotRunReason(arch);
    } else if (!before.get().started) {
      check = "not checked: the layer's interpreter did not start here before stripping either ("
          + firstLine(before.get().output) + ")";
    } else {
      LoadCheck after = loadCheck(launcher.get(), layout, sharedObjects);
      if (!after.started) {
        // The interpreter itself (or libpython) broke: put every file back.
        for (Path file : elves) {
          restore(backup, layout, file);
        }
        LoadCheck restored = loadCheck(launcher.get(), layout, sharedObjects);
        if (!restored.started) {
          throw new BuildException("optimize (native strip): the layer's interpreter does not"
              + " start even with its original binaries:\n" + restored.output);
        }
        notes.add("stripping broke the interpreter (" + firstLine(after.output) + "), so no"
            + " native file was stripped");
        check = "interpreter broke after stripping; every binary restored";
        return new Result(stripper.describe(), 0, elves.size(), notes, check);
      }
      TreeSet<String> broken = new TreeSet<>(after.failed);
      broken.removeAll(before.get().failed);
      for (String name : broken) {
        restore(backup, layout, Path.of(name));
      }
      if (!broken.isEmpty()) {
        notes.add("restored " + broken.size() + " file(s) that no longer loaded after"
            + " stripping: " + String.join(", ", broken.stream()
                .map(n -> layout.home().relativize(Path.of(n)).toString()).toList()));
      }
      check = "interpreter starts and " + (sharedObjects.size() - after.failed.size() + broken
          .size()) + " shared objects load" + (launcher.get().isEmpty() ? ""
          : " (under " + launcher.get().get(0) + ")");
    }
    long saved = 0;
    for (Map.Entry<Path, Long> entry : sizeBefore.entrySet()) {
      saved += entry.getValue() - Files.size(entry.getKey());
    }
    return new Result(stripped.tool(), saved, elves.size(), notes, check);
  }

  private record LoadCheck(boolean started, TreeSet<String> failed, String output) {}

  private static LoadCheck loadCheck(List<String> launcher, InterpreterLayout layout,
      List<Path> sharedObjects) throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.add(layout.interpreter().toString());
    command.add("-B"); // write no __pycache__ into the layer: it would change the zip
    command.add("-c");
    command.add(LOAD_CHECK);
    Path input = Files.createTempFile("pylayer-strip-check", ".txt");
    try {
      StringBuilder lines = new StringBuilder();
      sharedObjects.forEach(p -> lines.append(p).append('\n'));
      Files.writeString(input, lines);
      command.addAll(0, List.of("sh", "-c", "exec \"$@\" < " + shellQuote(input.toString()),
          "sh"));
      CommandResult result = CommandRunner.create()
          .environment(Map.of("PYTHONHOME", layout.home().toString(), "PATH", "/usr/bin:/bin",
              "LC_ALL", "C.UTF-8", "PYTHONDONTWRITEBYTECODE", "1"))
          .timeout(TIMEOUT).run(command);
      TreeSet<String> failed = new TreeSet<>();
      boolean done = false;
      for (String line : result.stdout().split("\n")) {
        if (line.startsWith("FAIL\t")) {
          failed.add(line.split("\t")[1]);
        } else if (line.strip().equals("DONE")) {
          done = true;
        }
      }
      return new LoadCheck(result.succeeded() && done, failed, result.combinedOutput().strip());
    } finally {
      Files.deleteIfExists(input);
    }
  }

  private static void restore(Path backup, InterpreterLayout layout, Path file)
      throws IOException {
    Path copy = backup.resolve(layout.home().relativize(file).toString());
    Files.copy(copy, file, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.COPY_ATTRIBUTES);
  }

  /** The ELF files stripping would touch: as {@link NativeStripper} finds them. */
  private static List<Path> elfFiles(Path root) throws IOException {
    List<Path> all = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && attrs.size() > 64 && ElfFile.isElf(file)) {
          all.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    all.sort(null);
    return all;
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("no output");
  }
}
