package dev.pylayer.optimize;

import dev.pylayer.interpreter.ElfFile;
import dev.pylayer.pep.Arch;
import dev.pylayer.process.CommandResult;
import dev.pylayer.process.CommandRunner;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Strips symbol tables and debug sections from every ELF file of a layer tree with binutils'
 * {@code strip} for the target machine, or {@code llvm-strip}, which handles every machine:
 * extension modules and bundled libraries with {@code --strip-unneeded} (their exported dynamic
 * symbols stay in {@code .dynsym}, which the dynamic linker uses), the interpreter and {@code
 * libpython} with {@code --strip-debug} (their full symbol tables stay, for a native debugger or
 * profiler on Lambda). A file the tool refuses stays as it was and is named in the notes.
 */
public final class NativeStripper {

  private static final int BATCH = 100;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final List<String> tool;

  private NativeStripper(List<String> tool) {
    this.tool = List.copyOf(tool);
  }

  /**
   * The stripper for {@code target} on a machine of {@code host}, or empty when no suitable tool
   * is installed. {@code onPath} finds programs (tests give their own).
   */
  public static Optional<NativeStripper> forTarget(Arch target, Optional<Arch> host,
      Function<String, Path> onPath) {
    List<String> candidates = new ArrayList<>();
    candidates.add(target.pbsName() + "-linux-gnu-strip");
    if (host.isPresent() && host.get() == target) {
      candidates.add(0, "strip");
    }
    candidates.add("llvm-strip");
    for (int version = 25; version >= 10; version--) {
      candidates.add("llvm-strip-" + version);
    }
    for (String candidate : candidates) {
      Path found = onPath.apply(candidate);
      if (found != null) {
        return Optional.of(new NativeStripper(List.of(found.toString())));
      }
    }
    return Optional.empty();
  }

  /** A stripper running exactly {@code command} (plus options and files). */
  public static NativeStripper using(List<String> command) {
    return new NativeStripper(command);
  }

  /** Why no stripper was found, and what to install. */
  public static String missingToolNotice(Arch target) {
    return "native libraries were not stripped: no " + target.pbsName() + "-linux-gnu-strip"
        + " (binutils for " + target.pbsName() + ") nor llvm-strip on PATH; install one (apt-get"
        + " install binutils-" + target.pbsName().replace('_', '-') + "-linux-gnu, or llvm) to"
        + " save 15 MB or more on a LiteLLM layer";
  }

  /** The command that strips. */
  public String describe() {
    return String.join(" ", tool);
  }

  /** What stripping saved. */
  public record Result(String tool, long bytesBefore, long bytesSaved, int files,
      List<String> notes) {}

  /**
   * Strips every ELF file under {@code root}; {@code debugOnly} names files (the interpreter,
   * libpython) that keep their symbol tables.
   */
  public Result strip(Path root, List<Path> debugOnly) throws IOException {
    List<Path> unneeded = new ArrayList<>();
    List<Path> debug = new ArrayList<>();
    List<Path> all = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && attrs.size() > 64 && ElfFile.isElf(file)) {
          all.add(file);
          (debugOnly.contains(file) ? debug : unneeded).add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    all.sort(null);
    long before = 0;
    for (Path file : all) {
      before += Files.size(file);
    }
    List<String> notes = new ArrayList<>();
    run("--strip-unneeded", unneeded, root, notes);
    run("--strip-debug", debug, root, notes);
    long after = 0;
    for (Path file : all) {
      after += Files.size(file);
    }
    return new Result(describe(), before, before - after, all.size(), notes);
  }

  private void run(String option, List<Path> files, Path root, List<String> notes)
      throws IOException {
    for (int i = 0; i < files.size(); i += BATCH) {
      List<Path> batch = files.subList(i, Math.min(files.size(), i + BATCH));
      if (!runOnce(option, batch).succeeded()) {
        // One bad file fails the whole call: retry one by one to strip the others.
        for (Path file : batch) {
          CommandResult single = runOnce(option, List.of(file));
          if (!single.succeeded()) {
            notes.add("not stripped: " + root.relativize(file) + ": "
                + single.combinedOutput().strip());
          }
        }
      }
    }
  }

  private CommandResult runOnce(String option, List<Path> files) throws IOException {
    List<String> command = new ArrayList<>(tool);
    command.add(option);
    files.forEach(f -> command.add(f.toString()));
    return CommandRunner.create().timeout(TIMEOUT).run(command);
  }
}
