package dev.pylayer.pipeline;

import dev.pylayer.files.FileTrees;
import dev.pylayer.install.ClosureCheck;
import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.install.RequirementsFile;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.interpreter.StdlibStripper;
import dev.pylayer.interpreter.StripReport;
import dev.pylayer.lock.LockFile;
import dev.pylayer.optimize.BytecodeCompileException;
import dev.pylayer.optimize.BytecodeCompiler;
import dev.pylayer.optimize.CompileResult;
import dev.pylayer.optimize.CompileRoot;
import dev.pylayer.pack.DeterministicZipWriter;
import dev.pylayer.pack.ZipWriteResult;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.verify.SmokeResult;
import dev.pylayer.verify.SmokeTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The build pipeline: for each architecture of a spec, interpreter → packages → closure check →
 * stripping → layout → bytecode → deterministic zip → budget → smoke test → outputs. Every step
 * works in a temporary directory beside the outputs; only a layer that passed everything is moved
 * to {@code layer-build-<arch>/} ({@code layer/}, {@code python-<name>-<arch>.zip}, {@code
 * report.json}). A failed build leaves no zip under the final name.
 */
public final class LayerBuilder {

  /** Lambda's direct-upload limit for a zip (larger goes through S3). */
  public static final long DIRECT_UPLOAD_LIMIT = 50L * 1024 * 1024;

  /** Lambda's limit for a function and all its layers, unzipped: 250 MB. */
  public static final long UNZIPPED_LIMIT = 262_144_000L;

  private static final Duration SMOKE_TIMEOUT = Duration.ofMinutes(5);

  private final BuildContext context;
  private final LockOptions lockOptions;

  public LayerBuilder(BuildContext context) {
    this(context, LockOptions.KEEP);
  }

  /** A builder that re-resolves the lock first when {@code lockOptions} upgrade anything. */
  public LayerBuilder(BuildContext context, LockOptions lockOptions) {
    this.context = context;
    this.lockOptions = lockOptions;
  }

  /** Builds one layer per architecture of {@code spec}, in order; stops at the first failure. */
  public List<LayerReport> build(LayerSpec spec) throws IOException {
    PackagePlanner planner = planner(spec);
    List<LayerReport> reports = new ArrayList<>();
    List<TargetEnvironment> targets = spec.targets();
    for (TargetEnvironment target : targets) {
      reports.add(build(spec, target, planner));
    }
    return reports;
  }

  /**
   * A requirements file pinning everything with {@code ==} is installed as it is (no
   * resolution). Anything else (the spec's requirements and constraints, or a loose requirements
   * file) is installed from the lock: written first when there is none, re-resolved when asked
   * to upgrade, refused when it was made from other inputs.
   */
  PackagePlanner planner(LayerSpec spec) throws IOException {
    if (spec.requirementsFile().isPresent()) {
      PinnedRequirementsPlanner pinned = new PinnedRequirementsPlanner(context);
      RequirementsFile file = pinned.read(spec.requirementsFile().get());
      if (PinnedRequirementsPlanner.allPinned(file)) {
        var index = context.indexClient(pinned.indexSettings(file, spec.index()));
        return target -> pinned.plan(file, target, index);
      }
    }
    SpecLocker locker = new SpecLocker(context);
    Path lockPath = spec.lockFile();
    String name = lockPath.getFileName().toString();
    Optional<LockFile> existing = locker.existing(lockPath);
    LockFile lock;
    if (existing.isEmpty() || lockOptions.upgrades()) {
      lock = locker.lock(spec, lockOptions, lockPath);
    } else {
      lock = existing.get();
      String expected = locker.request(spec, lockOptions, existing).fingerprint();
      if (!expected.equals(lock.fingerprint())) {
        throw new BuildException("the spec changed since " + name + " was made: run pylayer"
            + " lock (" + lockPath + " was resolved from other requirements, constraints,"
            + " targets or index options)");
      }
    }
    return new LockedPlanner(lock, name);
  }

  private LayerReport build(LayerSpec spec, TargetEnvironment target, PackagePlanner planner)
      throws IOException {
    long start = System.nanoTime();
    Arch arch = target.arch();
    String label = arch.lambdaName();
    Path out = spec.outDir(arch);
    Files.createDirectories(out);
    Path finalZip = out.resolve(spec.zipName(arch));
    Path work = Files.createTempDirectory(out, ".pylayer-work-");
    List<String> warnings = new ArrayList<>();
    try {
      Path layerRoot = work.resolve("layer");
      context.listener().step(label + ": preparing the interpreter");
      PreparedInterpreter interpreter =
          new InterpreterProvider(context).prepare(spec, arch, planner.interpreter(arch),
              layerRoot);
      InterpreterLayout layout = interpreter.layout();

      context.listener().step(label + ": choosing wheels");
      PackagePlan plan = planner.plan(target);
      context.listener().step(label + ": installing " + plan.wheels().size() + " wheels");
      Files.createDirectories(layout.sitePackages());
      List<InstalledPackage> installed = new ArrayList<>(
          new PackageInstaller(context).install(plan, layout.sitePackages(), spec.supplyChain()));
      checkClosure(plan, installed, target);

      context.listener().step(label + ": stripping the interpreter");
      StripReport stripped = StdlibStripper.withDefaultRules().strip(layout);
      Files.createDirectories(layout.sitePackages()); // the stripper may take an empty one
      SupplyChainReport supplyChain =
          new SupplyChainStep(spec).afterInstall(layout, installed, layerRoot);

      LayerOptimizer optimizer = new LayerOptimizer(context, spec);
      if (spec.optimize() != dev.pylayer.optimize.OptimizeLevel.NONE) {
        context.listener().step(label + ": optimizing (" + spec.optimize() + ")");
      }
      List<LayerReport.Stripped> pruned = optimizer.prune(layout);
      LayerReport.NativeStrip nativeStrip = optimizer.stripNative(arch, layout, warnings);
      LayerReport.Trace trace =
          optimizer.dropUnused(arch, layout, distributions(installed), warnings);
      installed.removeIf(p -> !Files.isDirectory(p.distribution().distInfoDirectory()));
      supplyChain = supplyChain.withElf(
          new SupplyChainStep(spec).elf(layout, layerRoot, warnings));

      Path zipStage = null;
      if (spec.layout() == Layout.ZIP) {
        zipStage = work.resolve("site-packages-zip");
        Files.createDirectories(zipStage);
        ZipLayout.Arrangement arrangement = new ZipLayout().arrange(
            distributions(installed), layout.sitePackages(), zipStage);
        if (arrangement.tiktokenCache() != null) {
          context.listener().info(label + ": tiktoken cache kept as a directory: "
              + arrangement.tiktokenCache());
        }
        context.listener().info(label + ": " + arrangement.zipped().size()
            + " distributions in " + ZipLayout.ZIP_NAME + "; kept as directories: "
            + (arrangement.kept().isEmpty() ? "none" : String.join(", ", arrangement.kept())));
        Files.writeString(layout.stdlib().resolve("sitecustomize.py"),
            ZipLayout.sitecustomize(arrangement.tiktokenCache()));
      }

      context.listener().step(label + ": byte-compiling");
      LayerReport.Bytecode bytecode = compile(interpreter, arch, zipStage, spec.sourceless(),
          spec.optimize().atLeast(dev.pylayer.optimize.OptimizeLevel.SIZE) ? 2 : 0);
      if (zipStage != null) {
        DeterministicZipWriter.builder().environment(context.env())
            .compressionLevel(spec.compressionLevel()).build()
            .write(zipStage, layout.stdlib().resolve(ZipLayout.ZIP_NAME));
      }

      context.listener().step(label + ": writing " + spec.zipName(arch));
      Path zip = work.resolve(spec.zipName(arch));
      ZipWriteResult written =
          DeterministicZipWriter.builder().environment(context.env())
            .compressionLevel(spec.compressionLevel()).build()
              .write(layerRoot, zip);
      written.notes().forEach(warnings::add);
      checkSize(spec, written, warnings);

      SmokeResult smoke = new SmokeTest(spec.smoke(), context.host(), SMOKE_TIMEOUT)
          .run(zip, arch, layout.minorVersion());
      if (smoke.ran()) {
        context.listener().step(label + ": smoke test " + (smoke.ok() ? "passed" : "FAILED")
            + " in " + String.format("%.2f s", smoke.seconds())
            + smoke.emulator().map(e -> " (under " + e + ")").orElse(""));
      } else {
        context.listener().warn(label + ": smoke test not run: " + smoke.skippedReason().get());
      }
      if (smoke.ran() && !smoke.ok()) {
        throw new BuildException("the smoke test failed in the " + label + " layer, so it was not"
            + " written:\n" + smoke.output() + "\nfix the requirements or the smoke code ([smoke]"
            + " code, --smoke-code), or skip it with --no-smoke"
            + (spec.optimize() == dev.pylayer.optimize.OptimizeLevel.NONE ? ""
                : "; optimizing (" + spec.optimize() + ") may have removed what it needs: switch"
                    + " pruning rules off with --no-prune NAME, keep distributions with --keep"
                    + " NAME, or build with --optimize balanced or none"));
      }

      LayerReport report = new LayerReport(spec.name(), label, spec.layout().toString(),
          spec.zipName(arch), written.size(), written.uncompressedBytes(), written.files(),
          written.sha256(), spec.maxZipBytes(),
          new LayerReport.Python(interpreter.fullVersion(), emptyToNull(interpreter.release()),
              interpreter.source().describe(), interpreter.archiveSha256()),
          packages(installed, layerRoot, zipStage), stripped(stripped), bytecode,
          smokeReport(smoke), seconds(System.nanoTime() - start), warnings,
          spec.optimize().toString(), pruned, nativeStrip, trace)
          .withSupplyChain(supplyChain.stillIn(layerRoot).withSbom(
              new SupplyChainStep(spec).writeSbom(arch, interpreter, installed, written,
                  DeterministicZipWriter.builder().environment(context.env()).build().timestamp(),
                  out)));
      publish(out, layerRoot, zip, finalZip, report);
      return report;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(finalZip);
      throw e;
    } finally {
      FileTrees.delete(work);
    }
  }

  private void checkClosure(PackagePlan plan, List<InstalledPackage> installed,
      TargetEnvironment target) {
    List<ClosureCheck.Problem> problems =
        new ClosureCheck(target).problems(plan.roots(), distributions(installed));
    if (!problems.isEmpty()) {
      StringBuilder message = new StringBuilder("the packages from " + plan.source()
          + " are not a complete set for " + target.arch().lambdaName() + ":");
      for (ClosureCheck.Problem problem : problems) {
        message.append("\n  ").append(problem);
      }
      message.append("\npin each missing or conflicting package in ").append(plan.source())
          .append(", or let pylayer resolve them: list the top-level requirements in"
              + " pylayer.toml and run pylayer lock");
      throw new BuildException(message.toString());
    }
  }

  /**
   * Byte-compiles the standard library, site-packages and the zip stage. A scope in {@code
   * sourceless} gets a legacy {@code .pyc} in place of every source that compiles; the others
   * get {@code __pycache__} beside their sources. {@code optimization} 2 (size) drops docstrings
   * and asserts, as {@code python -OO} would (sourceless files only: Python looks for {@code
   * __pycache__/*.opt-2.pyc} only when run with -OO).
   */
  private LayerReport.Bytecode compile(PreparedInterpreter interpreter, Arch arch, Path zipStage,
      java.util.Set<dev.pylayer.optimize.CodeScope> sourceless, int optimization)
      throws IOException {
    boolean stdlibSourceless = sourceless.contains(dev.pylayer.optimize.CodeScope.STDLIB);
    boolean packagesSourceless = sourceless.contains(dev.pylayer.optimize.CodeScope.PACKAGES);
    InterpreterLayout layout = interpreter.layout();
    CompileInterpreter python = new CompileInterpreterLocator(context).locate(interpreter, arch);
    String runtimeStdlib = "/opt/python/lib/python" + layout.minorVersion();
    try {
      List<CompileResult> results = new ArrayList<>();
      if (stdlibSourceless == packagesSourceless) {
        // The stdlib tree holds site-packages: one run compiles both scopes the same way.
        results.add(compiler(python, stdlibSourceless, optimization).build()
            .compile(List.of(new CompileRoot(layout.stdlib(), runtimeStdlib))));
      } else {
        results.add(compiler(python, stdlibSourceless, optimization)
            .exclude(List.of(layout.sitePackages())).build()
            .compile(List.of(new CompileRoot(layout.stdlib(), runtimeStdlib))));
        if (Files.isDirectory(layout.sitePackages())) {
          results.add(compiler(python, packagesSourceless, optimization).build()
              .compile(List.of(new CompileRoot(layout.sitePackages(),
                  runtimeStdlib + "/site-packages"))));
        }
      }
      int files = 0;
      long bytes = 0;
      double seconds = 0;
      List<String> failures = new ArrayList<>();
      for (CompileResult result : results) {
        files += result.compiledFiles();
        bytes += result.bytesAdded();
        seconds += result.elapsed().toMillis() / 1000.0;
        result.failures().forEach(f -> failures.add(
            layout.root().relativize(f.file()) + ": " + f.error()));
      }
      if (zipStage != null) {
        CompileResult zipped = compiler(python, BytecodeCompiler.Placement.LEGACY,
            packagesSourceless, packagesSourceless ? optimization : 0).build()
            .compile(List.of(new CompileRoot(zipStage,
                runtimeStdlib + "/" + ZipLayout.ZIP_NAME)));
        files += zipped.compiledFiles();
        bytes += zipped.bytesAdded();
        seconds += zipped.elapsed().toMillis() / 1000.0;
        zipped.failures().forEach(f -> failures.add(
            ZipLayout.ZIP_NAME + "/" + zipStage.relativize(f.file()) + ": " + f.error()));
      }
      if (!failures.isEmpty()) {
        context.listener().info(failures.size() + " file(s) are not valid Python "
            + layout.minorVersion() + " and ship without bytecode (see report.json)");
      }
      return new LayerReport.Bytecode(files, bytes, seconds, python.description(), failures);
    } catch (BytecodeCompileException e) {
      throw new BuildException("byte-compiling with " + python.description() + " failed: "
          + e.getMessage(), e);
    }
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

  private void checkSize(LayerSpec spec, ZipWriteResult written, List<String> warnings) {
    if (written.uncompressedBytes() > UNZIPPED_LIMIT) {
      throw new BuildException("the layer unzips to " + mb(written.uncompressedBytes())
          + ", over Lambda's 250 MB limit for a function and all its layers: remove packages or"
          + " use a container image instead");
    }
    if (written.size() > spec.maxZipBytes()) {
      throw new BuildException("the layer zip is " + mb(written.size()) + ", over the budget of "
          + mb(spec.maxZipBytes()) + " (" + written.size() + " > " + spec.maxZipBytes()
          + " bytes); it was not written. Drop packages, or raise the budget with --max-size or"
          + " [layer] max-size-mb");
    }
    if (written.size() > DIRECT_UPLOAD_LIMIT) {
      String warning = "the layer zip is " + mb(written.size()) + ": over 50 MB, so it must be"
          + " uploaded through S3 (aws lambda publish-layer-version --content S3Bucket=...)";
      warnings.add(warning);
      context.listener().warn(warning);
    }
  }

  /** Replaces the previous outputs of this architecture with the new layer, zip and report. */
  private static void publish(Path out, Path layerRoot, Path zip, Path finalZip,
      LayerReport report) throws IOException {
    Path finalLayer = out.resolve("layer");
    Path old = out.resolve(".pylayer-old-layer");
    FileTrees.delete(old);
    if (Files.exists(finalLayer)) {
      Files.move(finalLayer, old);
    }
    Files.move(layerRoot, finalLayer);
    Files.move(zip, finalZip, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    ReportJson.write(report, out.resolve("report.json"));
    FileTrees.delete(old);
  }

  private static List<LayerReport.Package> packages(List<InstalledPackage> installed,
      Path layerRoot, Path zipStage) throws IOException {
    List<LayerReport.Package> packages = new ArrayList<>();
    for (InstalledPackage p : installed) {
      InstalledDistribution dist = p.distribution();
      boolean zipped = zipStage != null && !Files.exists(dist.distInfoDirectory());
      packages.add(new LayerReport.Package(dist.name().toString(), dist.version(),
          p.wheel().filename(), p.sha256(), PackageSizes.bytesOf(dist, zipped ? zipStage : null),
          zipped ? ZipLayout.ZIP_NAME : null));
    }
    packages.sort((a, b) -> a.name().compareTo(b.name()));
    return packages;
  }

  private static List<LayerReport.Stripped> stripped(StripReport report) {
    List<LayerReport.Stripped> entries = new ArrayList<>();
    for (StripReport.Entry entry : report.entries()) {
      entries.add(new LayerReport.Stripped(entry.rule(), entry.bytes(), entry.files()));
    }
    return entries;
  }

  private static LayerReport.Smoke smokeReport(SmokeResult smoke) {
    return new LayerReport.Smoke(smoke.ran(), smoke.ok(), smoke.seconds(),
        smoke.ran() ? smoke.output() : null, smoke.skippedReason().orElse(null),
        smoke.emulator().orElse(null));
  }

  private static List<InstalledDistribution> distributions(List<InstalledPackage> installed) {
    List<InstalledDistribution> list = new ArrayList<>();
    installed.forEach(p -> list.add(p.distribution()));
    return list;
  }

  static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1_000_000.0);
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e7) / 100.0;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
