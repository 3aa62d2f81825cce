package dev.pylayer.pipeline;

import dev.pylayer.archive.KeptExtraction;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.interpreter.InterpreterSource;
import dev.pylayer.interpreter.PbsBuild;
import dev.pylayer.pep.Arch;
import java.io.IOException;
import java.nio.file.Files;
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

  private static final String EXTRACT_PREFIX = ".extract-";

  private final BuildContext context;

  CompileInterpreterLocator(BuildContext context) {
    this.context = context;
  }

  CompileInterpreter locate(LayerSpec spec, PreparedInterpreter target, Arch arch)
      throws IOException {
    InterpreterLayout layout = target.layout();
    if (context.host().runsNatively(arch)) {
      return new CompileInterpreter(layout.interpreter(), environmentOf(layout), List.of(),
          "the layer's own interpreter, Python " + target.fullVersion()
              + (target.release().isEmpty() ? "" : " (python-build-standalone "
                  + target.release() + ")"));
    }
    if (spec.compilePythonArchive().isPresent()) {
      return given(spec, layout.minorVersion());
    }
    String failure = "this machine is not Linux on x86_64 or arm64";
    if (context.host().arch().isPresent()) {
      Arch host = context.host().arch().get();
      try {
        PbsBuild build = context.catalog().find(target.fullVersion(), host.pbsName())
            .orElseGet(() -> context.catalog().newest(layout.minorVersion(), host.pbsName()));
        InterpreterLayout hostBuild = extracted(InterpreterSource.of(build));
        return new CompileInterpreter(hostBuild.interpreter(), environmentOf(hostBuild),
            List.of(), "python-build-standalone " + build.version() + " ("
                + build.release() + ") for " + host.lambdaName() + ", from the catalog");
      } catch (IOException | RuntimeException e) {
        failure = FailureMessages.of(e);
      }
    }
    Optional<List<String>> launcher = context.host().launcherFor(arch);
    if (launcher.isPresent()) {
      context.listener().info("byte-compiling with the layer's own interpreter under "
          + launcher.get().get(0) + " (" + failure + ")");
      return new CompileInterpreter(layout.interpreter(), environmentOf(layout), launcher.get(),
          "the layer's own interpreter, Python " + target.fullVersion() + ", under "
              + launcher.get().get(0));
    }
    throw new BuildException("cannot byte-compile the " + arch.lambdaName() + " layer here: no"
        + " Python " + layout.minorVersion() + " for this machine (" + failure + "), and "
        + context.host().cannotRunReason(arch) + ". Or give a python-build-standalone archive"
        + " for this machine with --compile-python-archive and --compile-python-sha256");
  }

  /** The interpreter the spec gives for byte-compiling: verified, extracted, checked. */
  private CompileInterpreter given(LayerSpec spec, String minor) throws IOException {
    String archive = spec.compilePythonArchive().get();
    String sha256 = spec.compilePythonSha256().orElseThrow();
    InterpreterSource source;
    try {
      source = archive.startsWith("http://") || archive.startsWith("https://")
          ? InterpreterSource.ofUrl(java.net.URI.create(archive), sha256)
          : InterpreterSource.ofFile(archive.startsWith("file:")
              ? Path.of(java.net.URI.create(archive)) : Path.of(archive), sha256);
    } catch (IllegalArgumentException e) {
      throw new BuildException("--compile-python-archive " + archive + ": " + e.getMessage(), e);
    }
    InterpreterLayout layout = extracted(source);
    if (!layout.minorVersion().equals(minor)) {
      throw new BuildException("--compile-python-archive " + archive + " holds Python "
          + layout.minorVersion() + ", but the layer is Python " + minor + " (bytecode depends"
          + " on the version): give a " + minor + " build for this machine");
    }
    String machine = dev.pylayer.interpreter.ElfFile.read(layout.interpreter()).machineName();
    Optional<Arch> host = context.host().arch();
    if (host.isEmpty() || !host.get().pbsName().equals(machine)) {
      throw new BuildException("--compile-python-archive " + archive + " holds an interpreter"
          + " for " + lambdaName(machine) + ", which does not run on this machine ("
          + host.map(Arch::lambdaName).orElse("unknown") + "): give the build for this machine");
    }
    String version = layout.fullVersion().orElse(minor);
    return new CompileInterpreter(layout.interpreter(), environmentOf(layout), List.of(),
        "Python " + version + " from --compile-python-archive " + source.fileName()
            + source.release().map(r -> " (python-build-standalone " + r + ")").orElse(""));
  }

  private static String lambdaName(String elfMachine) {
    for (Arch arch : Arch.values()) {
      if (arch.pbsName().equals(elfMachine)) {
        return arch.lambdaName();
      }
    }
    return elfMachine;
  }

  /**
   * An interpreter archive verified and extracted under the cache root (once per sha256). pylayer
   * runs this tree, so it is checked against the hash-verified archive on every use and extracted
   * again when anything in it changed.
   */
  private InterpreterLayout extracted(InterpreterSource source) throws IOException {
    Path extracted = context.cacheRoot().resolve("interpreters")
        .resolve(source.sha256().orElseThrow());
    Path archive = new InterpreterProvider(context).fetch(source);
    Path parent = Files.createDirectories(extracted.getParent());
    // Extractions of killed builds (owner gone) are removed; a live one beside us is kept.
    OwnedDirectory.removeAbandoned(parent, EXTRACT_PREFIX, abandoned -> { },
        context.listener()::warn);
    KeptExtraction.reportingTo(context.listener()::warn).ensure(archive, extracted);
    return InterpreterLayout.detect(extracted);
  }

  private static Map<String, String> environmentOf(InterpreterLayout layout) {
    return Map.of("PYTHONHOME", layout.home().toString(), "PATH", "/usr/bin:/bin",
        "LC_ALL", "C.UTF-8");
  }
}
