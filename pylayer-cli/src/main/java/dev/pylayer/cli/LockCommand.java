package dev.pylayer.cli;

import dev.pylayer.pipeline.LayerSpec;
import dev.pylayer.pipeline.SpecLocker;
import dev.pylayer.files.AtomicFiles;
import dev.pylayer.lock.LockFile;
import dev.pylayer.lock.LockedTarget;
import dev.pylayer.lock.RequirementsExport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pylayer lock}: resolves the spec into pylock.toml. */
@Command(
    name = "lock",
    mixinStandardHelpOptions = true,
    description = {
      "Resolves the spec's requirements and constraints (or a requirements file) for every target"
          + " (architecture x Python x the runtime's glibc) into a hash-locked pylock.toml"
          + " (PEP 751) that pylayer build installs from with no resolution.",
      "Versions already in the lock are kept unless --upgrade or --upgrade-package says"
          + " otherwise."
    },
    footer = {
      "",
      "Examples:",
      "  pylayer lock                                   # the spec's targets",
      "  pylayer lock --arch x86_64 --arch arm64 -r requirements.in",
      "  pylayer lock --upgrade-package openai --export-requirements requirements.txt",
      "",
      "Exit status: 0 locked, 1 no solution or an index failed (message on stderr),"
          + " 2 bad options."
    })
final class LockCommand implements Callable<Integer> {

  private final CliEnvironment environment;

  LockCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Mixin SpecOptions specOptions;

  @Mixin UpgradeOptions upgradeOptions;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write the lock (default: the spec's lock-file, else"
          + " ./pylock.toml).")
  Path output;

  @Option(names = "--export-requirements", paramLabel = "FILE",
      description = "Also write pip's requirements.txt with --hash=sha256: lines (markers select"
          + " per machine and Python).")
  Path exportRequirements;

  @Option(names = {"-q", "--quiet"}, description = "Print only warnings, errors and the result.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Path workingDir = environment.workingDir();
    LayerSpec spec = specOptions.toOverrides().lockFile(output).build().resolve(workingDir);
    ConsoleListener listener = new ConsoleListener(environment.err(), quiet);
    LockFile lock = new SpecLocker(BuildCommand.context(environment, listener))
        .lock(spec, upgradeOptions.toLockOptions(), spec.lockFile());
    if (exportRequirements != null) {
      Path file = workingDir.resolve(exportRequirements);
      AtomicFiles.write(file, RequirementsExport.allTargets(lock).getBytes(StandardCharsets.UTF_8));
    }
    environment.out().println("locked " + lock.packages().size() + " packages into "
        + display(workingDir, spec.lockFile()));
    for (LockedTarget t : lock.targets()) {
      environment.out().println("  " + t.name() + ": " + t.wheels().size() + " wheels");
    }
    return 0;
  }

  private static String display(Path workingDir, Path file) {
    Path absolute = file.toAbsolutePath();
    return absolute.startsWith(workingDir) ? workingDir.relativize(absolute).toString()
        : absolute.toString();
  }

}
