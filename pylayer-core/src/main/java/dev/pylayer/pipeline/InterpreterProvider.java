package dev.pylayer.pipeline;

import dev.pylayer.archive.ArchiveExtractor;
import dev.pylayer.interpreter.ElfFile;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.interpreter.InterpreterSource;
import dev.pylayer.interpreter.PbsBuild;
import dev.pylayer.lock.InterpreterArchive;
import dev.pylayer.pep.Arch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Step 2 of the pipeline: the interpreter. Picks it (the spec's archive, else the catalog's newest
 * python-build-standalone build of the spec's Python for the architecture), downloads it into the
 * cache verified by sha256, extracts it safely and checks that it is what the target needs: the
 * right Python minor version and an ELF interpreter for the right machine.
 */
final class InterpreterProvider {

  private final BuildContext context;

  InterpreterProvider(BuildContext context) {
    this.context = context;
  }

  /** The interpreter the spec asks for on {@code arch}, without downloading anything. */
  InterpreterSource source(LayerSpec spec, Arch arch) {
    return source(spec, arch, Optional.empty());
  }

  /**
   * The interpreter for {@code arch}: the spec's own archive when it names one, else the one the
   * lock pins (so a newer catalog does not change a locked layer), else the catalog's newest
   * build of the spec's Python version.
   */
  InterpreterSource source(LayerSpec spec, Arch arch, Optional<InterpreterArchive> locked) {
    if (spec.pythonArchive().isEmpty() && locked.isPresent()) {
      return lockedSource(locked.get(), arch);
    }
    if (spec.pythonArchive().isPresent()) {
      String archive = spec.pythonArchive().get();
      String sha256 = spec.pythonSha256().orElseThrow();
      try {
        if (archive.startsWith("http://") || archive.startsWith("https://")) {
          return InterpreterSource.ofUrl(URI.create(archive), sha256);
        }
        Path file = archive.startsWith("file:") ? Path.of(URI.create(archive)) : Path.of(archive);
        return InterpreterSource.ofFile(file, sha256);
      } catch (IllegalArgumentException e) {
        throw new BuildException("--python-archive " + archive + ": " + e.getMessage(), e);
      }
    }
    try {
      PbsBuild build = context.catalog().newest(spec.pythonVersion(), arch.pbsName());
      return InterpreterSource.of(build);
    } catch (IllegalArgumentException e) {
      throw new BuildException(e.getMessage(), e);
    }
  }

  private InterpreterSource lockedSource(InterpreterArchive locked, Arch arch) {
    for (PbsBuild build : context.catalog().builds()) {
      if (build.arch().equals(arch.pbsName()) && build.url().toString().equals(locked.url())
          && build.sha256().equalsIgnoreCase(locked.sha256())) {
        return InterpreterSource.of(build);
      }
    }
    String url = locked.url();
    try {
      if (url.startsWith("http://") || url.startsWith("https://")) {
        return InterpreterSource.ofUrl(URI.create(url), locked.sha256());
      }
      return InterpreterSource.ofFile(
          url.startsWith("file:") ? Path.of(URI.create(url)) : Path.of(url), locked.sha256());
    } catch (IllegalArgumentException e) {
      throw new BuildException("the lock's interpreter for " + arch.lambdaName() + " (" + url
          + "): " + e.getMessage() + "; run pylayer lock", e);
    }
  }

  /** Fetches and verifies the archive of {@code source}. */
  Path fetch(InterpreterSource source) throws IOException {
    if (source.file().isPresent()) {
      Path file = source.file().get();
      if (!java.nio.file.Files.isRegularFile(file)) {
        throw new BuildException("--python-archive " + file + " does not exist: give the path of"
            + " a python-build-standalone install_only .tar.gz");
      }
      source.verify(file);
      return file;
    }
    context.listener().step("downloading " + source.fileName());
    return context.downloadCache().fetch(source.location(), source.sha256().orElseThrow(),
        (what, done, total) -> context.listener().progress(source.fileName(), done, total));
  }

  /**
   * Fetches, verifies and extracts the interpreter into {@code layerRoot} (which must not exist;
   * it gets the top-level {@code python/} directory), then checks it against the target.
   */
  PreparedInterpreter prepare(LayerSpec spec, Arch arch, Optional<InterpreterArchive> locked,
      Path layerRoot) throws IOException {
    InterpreterSource source = source(spec, arch, locked);
    Path archive = fetch(source);
    String sha256 = source.sha256().orElseGet(() -> sha256Of(archive));
    try {
      ArchiveExtractor.create().limits(spec.supplyChain().unpackLimits())
          .extract(archive, layerRoot);
    } catch (dev.pylayer.archive.UnpackLimitException e) {
      throw new BuildException(source.describe() + ": " + e.getMessage(), e);
    }
    InterpreterLayout layout;
    try {
      layout = InterpreterLayout.detect(layerRoot);
    } catch (IOException e) {
      throw new BuildException(source.describe() + " is not a python-build-standalone"
          + " install_only archive (" + e.getMessage() + "): give an archive whose entries start"
          + " with python/bin/python3.X and python/lib/python3.X/", e);
    }
    if (!layout.minorVersion().equals(spec.pythonVersion())) {
      throw new BuildException(source.describe() + " holds Python " + layout.minorVersion()
          + " but the spec asks for " + spec.pythonVersion() + ": set --python-version "
          + layout.minorVersion() + " or give a " + spec.pythonVersion() + " archive");
    }
    checkMachine(source, layout, arch);
    try {
      source = source.withDetectedVersion(layout);
    } catch (IllegalStateException e) {
      throw new BuildException(e.getMessage(), e);
    }
    String fullVersion = layout.fullVersion().orElse(source.version().orElse(spec.pythonVersion()));
    return new PreparedInterpreter(layout, source, archive, sha256, fullVersion,
        source.release().orElse(""));
  }

  private static void checkMachine(InterpreterSource source, InterpreterLayout layout, Arch arch)
      throws IOException {
    Path interpreter = layout.interpreter();
    if (!ElfFile.isElf(interpreter)) {
      throw new BuildException(source.describe() + ": " + layout.root().relativize(interpreter)
          + " is not a Linux (ELF) executable: Lambda needs a linux-gnu build");
    }
    String machine = ElfFile.read(interpreter).machineName();
    if (!machine.equals(arch.pbsName())) {
      // Messages spell architectures as Lambda does (arm64, x86_64), never ELF's aarch64.
      String named = machine;
      for (Arch a : Arch.values()) {
        if (a.pbsName().equals(machine)) {
          named = a.lambdaName();
        }
      }
      throw new BuildException(source.describe() + " holds an interpreter for " + named
          + " but the layer is for " + arch.lambdaName() + ": give the " + arch.lambdaName()
          + " build, or build with --arch " + named);
    }
  }

  private static String sha256Of(Path file) {
    try {
      return dev.pylayer.files.Sha256.of(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
