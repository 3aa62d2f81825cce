package dev.pylayer.pipeline;

import dev.pylayer.archive.KeptExtraction;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.interpreter.InterpreterSource;
import dev.pylayer.interpreter.PbsBuild;
import dev.pylayer.pep.Arch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds an interpreter to byte-compile a layer with, in this order: the layer's own when the
 * target's architecture is this machine's; else the catalog's build of the same Python for this
 * machine (downloaded once into the cache and kept extracted there, checked against its
 * archive on every use); else the layer's own under
 * qemu when it is installed.
 */
final class CompileInterpreterLocator {

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
    // pylayer runs this tree: check it against the (hash-verified) archive on every use.
    Path archive = new InterpreterProvider(context).fetch(InterpreterSource.of(build));
    KeptExtraction.reportingTo(context.listener()::warn).ensure(archive, extracted);
    return InterpreterLayout.detect(extracted);
  }

  private static Map<String, String> environmentOf(InterpreterLayout layout) {
    return Map.of("PYTHONHOME", layout.home().toString(), "PATH", "/usr/bin:/bin",
        "LC_ALL", "C.UTF-8");
  }
}
