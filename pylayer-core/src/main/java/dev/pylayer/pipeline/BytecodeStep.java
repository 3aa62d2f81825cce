package dev.pylayer.pipeline;

import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.optimize.BytecodeCompileException;
import dev.pylayer.optimize.BytecodeCompiler;
import dev.pylayer.optimize.CodeScope;
import dev.pylayer.optimize.CompileResult;
import dev.pylayer.optimize.CompileRoot;
import dev.pylayer.optimize.RecordUpdater;
import dev.pylayer.pep.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The "compile bytecode" step: byte-compiles the standard library, site-packages and the zip stage
 * with the layer's interpreter (or one that stands in for it), then brings each distribution's
 * RECORD up to date ({@code m.pyc} for a compiled-away {@code m.py}, new hashes for changed files).
 *
 * <p>A scope in the spec's {@code sourceless} set gets a legacy {@code .pyc} in place of every
 * source that compiles; the others get {@code __pycache__} beside their sources. The zip stage is
 * always compiled to legacy {@code .pyc} (zipimport reads no {@code __pycache__}), sourceless when
 * packages are. Optimization 2 (size) drops docstrings and asserts, as {@code python -OO} would,
 * in sourceless files only: Python looks for {@code __pycache__/*.opt-2.pyc} only when run with
 * -OO. Lazy re-exports (when on) apply to packages, never to the standard library.
 */
final class BytecodeStep {

  private final BuildContext context;
  private final LayerSpec spec;

  BytecodeStep(BuildContext context, LayerSpec spec) {
    this.context = context;
    this.spec = spec;
  }

  /** Compiles the layer in place and the zip stage ({@code zipStage}, null without the zip layout). */
  LayerReport.Bytecode run(PreparedInterpreter interpreter, Arch arch, Path zipStage)
      throws IOException {
    boolean stdlibSourceless = spec.sourceless().contains(CodeScope.STDLIB);
    boolean packagesSourceless = spec.sourceless().contains(CodeScope.PACKAGES);
    int optimization = spec.optimize().bytecodeOptimization();
    InterpreterLayout layout = interpreter.layout();
    CompileInterpreter python = new CompileInterpreterLocator(context).locate(spec, interpreter, arch);
    String runtimeStdlib = "/opt/python/lib/python" + layout.minorVersion();
    List<Path> lazy = spec.lazyReexports() ? List.of(layout.sitePackages()) : List.of();
    Totals totals = new Totals();
    Function<Path, String> inLayer = file -> layout.root().relativize(file).toString();
    try {
      if (stdlibSourceless == packagesSourceless) {
        // The stdlib tree holds site-packages: one run compiles both scopes the same way.
        totals.add(compiler(python, stdlibSourceless, optimization).lazyReexportsUnder(lazy)
            .build().compile(List.of(new CompileRoot(layout.stdlib(), runtimeStdlib))), inLayer);
      } else {
        totals.add(compiler(python, stdlibSourceless, optimization)
            .exclude(List.of(layout.sitePackages())).build()
            .compile(List.of(new CompileRoot(layout.stdlib(), runtimeStdlib))), inLayer);
        if (Files.isDirectory(layout.sitePackages())) {
          totals.add(compiler(python, packagesSourceless, optimization).lazyReexportsUnder(lazy)
              .build().compile(List.of(new CompileRoot(layout.sitePackages(),
                  runtimeStdlib + "/site-packages"))), inLayer);
        }
      }
      if (zipStage != null) {
        totals.add(compiler(python, BytecodeCompiler.Placement.LEGACY, packagesSourceless,
                packagesSourceless ? optimization : 0)
            .lazyReexportsUnder(spec.lazyReexports() ? List.of(zipStage) : List.of()).build()
            .compile(List.of(new CompileRoot(zipStage, runtimeStdlib + "/" + ZipLayout.ZIP_NAME))),
            file -> ZipLayout.ZIP_NAME + "/" + zipStage.relativize(file));
      }
    } catch (BytecodeCompileException e) {
      throw new BuildException("byte-compiling with " + python.description() + " failed: "
          + e.getMessage(), e);
    }
    if (!totals.failures.isEmpty()) {
      context.listener().info(totals.failures.size() + " file(s) are not valid Python "
          + layout.minorVersion() + " and ship without bytecode (see report.json)");
    }
    RecordUpdater.update(layout.sitePackages());
    if (zipStage != null) {
      RecordUpdater.update(zipStage);
    }
    if (!totals.lazyPackages.isEmpty()) {
      context.listener().info(totals.lazyPackages.size() + " package(s) import their re-exports on"
          + " first use (lazy re-exports; --no-lazy-reexports turns it off)");
    }
    return new LayerReport.Bytecode(totals.files, totals.bytes, totals.seconds,
        python.description(), totals.failures, totals.lazyPackages);
  }

  /** A compiler for one scope: sourceless (legacy .pyc, sources removed) or __pycache__. */
  private static BytecodeCompiler.Builder compiler(CompileInterpreter python, boolean sourceless,
      int optimization) {
    return compiler(python, sourceless ? BytecodeCompiler.Placement.LEGACY
        : BytecodeCompiler.Placement.PYCACHE, sourceless, sourceless ? optimization : 0);
  }

  private static BytecodeCompiler.Builder compiler(CompileInterpreter python,
      BytecodeCompiler.Placement placement, boolean removeSource, int optimization) {
    return BytecodeCompiler.builder(python.executable())
        .launcher(python.launcher())
        .environment(python.environment())
        .placement(placement)
        .removeSource(removeSource)
        .optimizationLevel(optimization);
  }

  /** The compile runs added up; failures named by where the file is in the layer. */
  private static final class Totals {
    int files;
    long bytes;
    double seconds;
    final List<String> failures = new ArrayList<>();
    final List<String> lazyPackages = new ArrayList<>();

    void add(CompileResult result, Function<Path, String> where) {
      files += result.compiledFiles();
      bytes += result.bytesAdded();
      seconds += result.elapsed().toMillis() / 1000.0;
      result.failures().forEach(f -> failures.add(where.apply(f.file()) + ": " + f.error()));
      lazyPackages.addAll(result.lazyPackages());
    }
  }
}
