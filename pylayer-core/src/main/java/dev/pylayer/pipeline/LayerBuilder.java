package dev.pylayer.pipeline;

import dev.pylayer.install.ClosureCheck;
import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.install.RequirementsFile;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.interpreter.StdlibStripper;
import dev.pylayer.interpreter.StripReport;
import dev.pylayer.lock.LockFile;
import dev.pylayer.optimize.OptimizeLevel;
import dev.pylayer.pack.DeterministicZipWriter;
import dev.pylayer.pack.ZipWriteResult;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.verify.LayerVerifier;
import dev.pylayer.verify.SmokeResult;
import dev.pylayer.verify.VerifyResult;
import dev.pylayer.verify.SmokeTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    PendingLock pendingLock = new PendingLock();
    PackagePlanner planner = planner(spec, pendingLock);
    List<LayerReport> reports = new ArrayList<>();
    List<TargetEnvironment> targets = spec.targets();
    for (TargetEnvironment target : targets) {
      reports.add(build(spec, target, planner, pendingLock));
    }
    return reports;
  }

  /** A lock resolved by this build, written once the first layer made from it passed. */
  private final class PendingLock {
    private LockFile lock;
    private Path path;

    void set(LockFile lock, Path path) {
      this.lock = lock;
      this.path = path;
    }

    void write() throws IOException {
      if (lock != null) {
        new SpecLocker(context).write(lock, path);
        lock = null;
      }
    }
  }

  /**
   * A requirements file is read as pip reads it: top-level requirements whose dependencies are
   * resolved through the lock, unless it is a complete hash-pinned set or the spec says no-deps,
   * when it is installed as it is (no resolution; the closure check then proves it complete).
   * The spec's requirements and constraints always go through the lock: written first when
   * there is none (once the build's inputs were verified), re-resolved when asked to upgrade,
   * refused when it was made from other inputs.
   */
  PackagePlanner planner(LayerSpec spec) throws IOException {
    return planner(spec, new PendingLock());
  }

  private PackagePlanner planner(LayerSpec spec, PendingLock pendingLock) throws IOException {
    if (spec.requirementsFile().isPresent()) {
      PinnedRequirementsPlanner pinned = new PinnedRequirementsPlanner(context);
      RequirementsFile file = pinned.read(spec.requirementsFile().get());
      if (spec.noDeps() || PinnedRequirementsPlanner.hashPinned(file)) {
        var index = context.indexClient(pinned.indexSettings(file, spec.index()));
        return target -> pinned.plan(file, target, index);
      }
    }
    SpecLocker locker = new SpecLocker(context);
    Path lockPath = lockPath(spec);
    String name = lockPath.getFileName().toString();
    Optional<LockFile> existing = locker.existing(lockPath);
    LockFile lock;
    if (existing.isEmpty() || lockOptions.upgrades()) {
      lock = locker.resolve(spec, lockOptions, lockPath);
      pendingLock.set(lock, lockPath);
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

  /**
   * The spec's lock file; when it does not exist and a requirements file is given, a lock beside
   * that file ({@code pylayer lock -r} run in its directory) when there is one.
   */
  private static Path lockPath(LayerSpec spec) {
    Path lock = spec.lockFile();
    if (!Files.exists(lock) && spec.requirementsFile().isPresent()) {
      Path beside = spec.requirementsFile().get().resolveSibling(lock.getFileName().toString());
      if (Files.isRegularFile(beside)) {
        return beside;
      }
    }
    return lock;
  }

  private LayerReport build(LayerSpec spec, TargetEnvironment target, PackagePlanner planner,
      PendingLock pendingLock) throws IOException {
    long start = System.nanoTime();
    Arch arch = target.arch();
    String label = arch.lambdaName();
    Path out = UserPaths.absolute(spec.outDir(arch));
    List<String> warnings = new ArrayList<>();
    StepRunner steps = new StepRunner(label, context.listener());
    try (OutputWorkspace workspace = OutputWorkspace.open(out, context.listener()::warn)) {
      Path work = workspace.scratch();
      Path layerRoot = workspace.result().resolve("layer");
      PreparedInterpreter interpreter = steps.run("prepare interpreter",
          "preparing the interpreter", () -> new InterpreterProvider(context)
              .prepare(spec, arch, planner.interpreter(arch), layerRoot));
      InterpreterLayout layout = interpreter.layout();

      PackagePlan plan = steps.run("plan packages", "choosing wheels", () -> planner.plan(target));
      List<InstalledPackage> installed = new ArrayList<>(steps.run("install",
          "installing " + plan.wheels().size() + " wheels", () -> {
            Files.createDirectories(layout.sitePackages());
            List<InstalledPackage> packages = new PackageInstaller(context)
                .install(plan, layout.sitePackages(), spec.supplyChain());
            checkClosure(plan, packages, target);
            return packages;
          }));

      StripReport stripped = steps.run("strip stdlib", "stripping the interpreter", () -> {
        StripReport report = StdlibStripper.withDefaultRules().strip(layout);
        Files.createDirectories(layout.sitePackages()); // the stripper may take an empty one
        return report;
      });
      // Before anything else changes the tree: refused releases and start-up code.
      SupplyChainReport supplyChain = steps.run("audit", "checking releases and start-up code",
          () -> new SupplyChainStep(spec).afterInstall(layout, installed, layerRoot));

      LayerOptimizer optimizer = new LayerOptimizer(context, spec);
      String optimizing = spec.optimize() == OptimizeLevel.NONE ? null
          : "optimizing (" + spec.optimize() + ")";
      List<LayerReport.Stripped> pruned =
          steps.run("optimize (prune)", optimizing, () -> optimizer.prune(layout));
      LayerReport.NativeStrip nativeStrip = steps.run("optimize (native strip)", null,
          () -> optimizer.stripNative(arch, layout, work, warnings));
      LayerReport.Trace trace = steps.run("optimize (drop unused)", null,
          () -> optimizer.dropUnused(arch, layout, distributions(installed), warnings));
      installed.removeIf(p -> !Files.isDirectory(p.distribution().distInfoDirectory()));
      supplyChain = supplyChain.withElf(steps.run("fix library paths", null,
          () -> new SupplyChainStep(spec).elf(layout, layerRoot, warnings)));

      InnerZips innerZips = InnerZips.plan(spec, layout, work,
          message -> context.listener().info(label + ": " + message));
      if (innerZips.zipsPackages()) {
        steps.run("arrange layout", null,
            () -> innerZips.arrangePackages(distributions(installed)));
      }
      // What of the standard library must stay files is decided from its sources, before they are
      // compiled away.
      if (innerZips.zipsStdlib()) {
        steps.run("plan stdlib zip", null, innerZips::planStdlib);
      }
      LayerReport.Bytecode bytecode = steps.run("compile bytecode", "byte-compiling",
          () -> new BytecodeStep(context, spec).run(interpreter, arch, innerZips.packagesStage()));
      if (innerZips.zipsStdlib()) {
        steps.run("arrange stdlib zip", null, innerZips::arrangeStdlib);
      }

      Path zip = workspace.result().resolve(spec.zipName(arch));
      // One writer (immutable): the inner zips, the layer zip and the SBOM share its timestamp.
      DeterministicZipWriter zipWriter = DeterministicZipWriter.builder()
          .environment(context.env()).compressionLevel(spec.compressionLevel()).build();
      ZipWriteResult written = steps.run("pack", "writing " + spec.zipName(arch), () -> {
        innerZips.write(zipWriter);
        return zipWriter.write(layerRoot, zip);
      });
      written.notes().forEach(warnings::add);
      steps.run("check budget", null, () -> {
        checkSize(spec, written, warnings);
        return null;
      });

      SmokeResult smoke = steps.run("smoke", null, () -> smoke(spec, zip, arch, layout, label));

      LayerReport draft = new LayerReport(spec.name(), label, spec.layout().toString(),
          spec.zipName(arch), written.size(), written.uncompressedBytes(), written.files(),
          written.sha256(), spec.maxZipBytes(),
          new LayerReport.Python(interpreter.fullVersion(), emptyToNull(interpreter.release()),
              interpreter.source().describe(), interpreter.archiveSha256()),
          packages(installed, layerRoot, innerZips.packagesStage()), stripped(stripped), bytecode,
          smokeReport(smoke), seconds(System.nanoTime() - start), warnings,
          spec.optimize().toString(), pruned, nativeStrip, trace)
          .withSupplyChain(supplyChain.stillIn(layerRoot).withSbom(steps.run("sbom",
              "writing the SBOM", () -> new SupplyChainStep(spec).writeSbom(arch, interpreter,
                  installed, written, zipWriter.timestamp(), workspace.result()))));
      List<String> notChecked = steps.run("verify", "verifying the zip against its report",
          () -> verify(zip, draft, label));
      LayerReport report = finish(draft, notChecked, steps.timings());
      steps.run("publish", null, () -> {
        Path reportFile = workspace.result().resolve("report.json");
        ReportJson.write(report, reportFile);
        List<Path> files = new ArrayList<>(List.of(zip, reportFile));
        if (report.supplyChain() != null && report.supplyChain().sbom() != null) {
          files.add(workspace.result().resolve(report.supplyChain().sbom()));
        }
        workspace.applyUmask(files);
        pendingLock.write(); // its inputs (interpreter, wheels) are verified by now
        workspace.publish();
        return null;
      });
      return report;
    }
  }

  /** The smoke step: the smoke code in the unpacked zip; a failure stops the build. */
  private SmokeResult smoke(LayerSpec spec, Path zip, Arch arch, InterpreterLayout layout,
      String label) throws IOException {
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
          + (spec.optimize() == OptimizeLevel.NONE ? ""
              : "; optimizing (" + spec.optimize() + ") may have removed what it needs: switch"
                  + " pruning rules off with --no-prune NAME, keep distributions with --keep"
                  + " NAME, import re-exports up front with --no-lazy-reexports, or build with"
                  + " --optimize balanced or none"));
    }
    return smoke;
  }

  /** The verify step: the finished zip must be what its report says, or nothing is published. */
  private List<String> verify(Path zip, LayerReport report, String label) throws IOException {
    VerifyResult result = new LayerVerifier(context.host(), SMOKE_TIMEOUT)
        .verify(zip, ReportClaims.of(report));
    List<String> notChecked = new ArrayList<>();
    for (VerifyResult.Check check : result.checks()) {
      if (check.status() == VerifyResult.Status.NOT_CHECKED) {
        String warning = "verify: " + check.name() + ": " + check.detail();
        notChecked.add(warning);
        context.listener().warn(label + ": " + warning);
      }
    }
    if (!result.ok()) {
      throw new BuildException("verify: the " + label + " layer is not what its report says, so"
          + " it was not published:\n" + result.failureText()
          + "\nthis is a bug in pylayer or in a step added to it: please report it with"
          + " the output of the build");
    }
    return notChecked;
  }

  /** {@code report} with what verify could not check among its warnings, and the step times. */
  private static LayerReport finish(LayerReport r, List<String> extra,
      List<StepRunner.Timing> timings) {
    List<LayerReport.StepTime> times = new ArrayList<>();
    timings.forEach(t -> times.add(new LayerReport.StepTime(t.step(), t.seconds())));
    List<String> warnings = new ArrayList<>(r.warnings());
    warnings.addAll(extra);
    return new LayerReport(r.name(), r.arch(), r.layout(), r.zip(), r.zipBytes(),
        r.unzippedBytes(), r.files(), r.sha256(), r.budgetBytes(), r.python(), r.packages(),
        r.stripped(), r.bytecode(), r.smoke(), r.buildSeconds(), warnings, r.optimize(),
        r.pruned(), r.nativeStrip(), r.trace(), times, r.supplyChain());
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
        smoke.emulator().orElse(null), smoke.importTime());
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
