package dev.pylayer.pipeline;

import dev.pylayer.archive.ArchiveExtractor;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.interpreter.InterpreterSource;
import dev.pylayer.interpreter.PbsBuild;
import dev.pylayer.pep.Arch;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds an interpreter to byte-compile a layer with, in this order: the layer's own when the
 * target's architecture is this machine's; else the catalog's build of the same Python for this
 * machine (downloaded once into the cache and kept extracted there); else the layer's own under
 * qemu when it is installed.
 */
final class CompileInterpreterLocator {

  private static final String EXTRACT_PREFIX = ".extract-";

  private final BuildContext context;

  CompileInterpreterLocator(BuildContext context) {
    this.context = context;
  }

  CompileInterpreter locate(PreparedInterpreter target, Arch arch) throws IOException {
    InterpreterLayout layout = target.layout();
    if (context.host().runsNatively(arch)) {
      return new CompileInterpreter(layout.interpreter(), environmentOf(layout), List.of(),
          "the layer's own interpreter");
    }
    String failure = "this machine is not Linux on x86_64 or arm64";
    if (context.host().arch().isPresent()) {
      Arch host = context.host().arch().get();
      try {
        InterpreterLayout hostBuild = hostBuild(target.fullVersion(), layout.minorVersion(), host);
        return new CompileInterpreter(hostBuild.interpreter(), environmentOf(hostBuild),
            List.of(), "python-build-standalone " + target.fullVersion() + " for "
                + host.pbsName());
      } catch (IOException | RuntimeException e) {
        failure = e.getMessage();
      }
    }
    Optional<List<String>> launcher = context.host().launcherFor(arch);
    if (launcher.isPresent()) {
      context.listener().info("byte-compiling with the layer's own interpreter under "
          + launcher.get().get(0) + " (" + failure + ")");
      return new CompileInterpreter(layout.interpreter(), environmentOf(layout), launcher.get(),
          "the layer's own interpreter under " + launcher.get().get(0));
    }
    throw new BuildException("cannot byte-compile the " + arch.lambdaName() + " layer here: no"
        + " Python " + layout.minorVersion() + " for this machine (" + failure + ") and no qemu"
        + " for " + arch.pbsName() + ". Let pylayer reach the python-build-standalone downloads,"
        + " or install qemu-user-static");
  }

  /** The catalog's build for the host, extracted under the cache root (once). */
  private InterpreterLayout hostBuild(String fullVersion, String minor, Arch host)
      throws IOException {
    PbsBuild build = context.catalog().find(fullVersion, host.pbsName())
        .orElseGet(() -> context.catalog().newest(minor, host.pbsName()));
    Path extracted = context.cacheRoot().resolve("interpreters").resolve(build.sha256());
    if (!Files.isDirectory(extracted)) {
      InterpreterSource source = InterpreterSource.of(build);
      Path archive = new InterpreterProvider(context).fetch(source);
      Path parent = Files.createDirectories(extracted.getParent());
      // Extractions of killed builds (owner gone) are removed; a live one beside us is kept.
      OwnedDirectory.removeAbandoned(parent, EXTRACT_PREFIX, abandoned -> { },
          context.listener()::warn);
      try (OwnedDirectory temp = OwnedDirectory.create(parent, EXTRACT_PREFIX)) {
        Path tree = temp.path().resolve("tree");
        ArchiveExtractor.create().extract(archive, tree);
        try {
          Files.move(tree, extracted);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
          // another build extracted it meanwhile; ours goes with the temporary directory
        }
      }
    }
    return InterpreterLayout.detect(extracted);
  }

  private static Map<String, String> environmentOf(InterpreterLayout layout) {
    return Map.of("PYTHONHOME", layout.home().toString(), "PATH", "/usr/bin:/bin",
        "LC_ALL", "C.UTF-8");
  }
}
