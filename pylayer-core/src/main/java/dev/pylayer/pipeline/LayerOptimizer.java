package dev.pylayer.pipeline;

import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.optimize.ImportTrace;
import dev.pylayer.optimize.ImportTracer;
import dev.pylayer.optimize.NativeStripper;
import dev.pylayer.optimize.OptimizeLevel;
import dev.pylayer.optimize.PackagePruner;
import dev.pylayer.optimize.PruneReport;
import dev.pylayer.optimize.ProviderPruner;
import dev.pylayer.optimize.ProviderPruning;
import dev.pylayer.optimize.ProviderRules;
import dev.pylayer.optimize.PruneRules;
import dev.pylayer.optimize.UnusedDistributions;
import dev.pylayer.pep.Arch;
import dev.pylayer.process.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The build's optimizing stages, as {@link LayerSpec#optimize()} switches them on: pruning
 * site-packages by rules, stripping native code, and (size) dropping distributions the smoke code
 * never touches (balanced and size). Each stage reports what it saved for {@code report.json}.
 */
final class LayerOptimizer {

  /** Where licence files of every distribution are gathered, under the layer's {@code python/}. */
  static final String LICENSES = "licenses";

  private static final Duration TRACE_TIMEOUT = Duration.ofMinutes(5);

  private final BuildContext context;
  private final LayerSpec spec;
  private PruneRules rules; // read on first use, then shared by every stage

  LayerOptimizer(BuildContext context, LayerSpec spec) {
    this.context = context;
    this.spec = spec;
  }

  /** pylayer's rules plus the user's files, minus the rules switched off. */
  PruneRules rules() throws IOException {
    if (rules == null) {
      rules = readRules();
    }
    return rules;
  }

  private PruneRules readRules() throws IOException {
    PruneRules read = PruneRules.defaults();
    for (Path file : spec.pruneRuleFiles()) {
      try {
        read = read.plus(PruneRules.read(file));
      } catch (IllegalArgumentException e) {
        throw new BuildException(e.getMessage() + " (fix the rules file given with"
            + " --prune-rules or [optimize] rules-files)", e);
      }
    }
    try {
      return read.without(spec.disabledPruneRules()).keeping(spec.keepDistributions());
    } catch (IllegalArgumentException e) {
      throw new BuildException(e.getMessage() + " (check --no-prune and [optimize] disable)", e);
    }
  }

  /** Applies the rules of the spec's level to site-packages; empty at level none. */
  List<LayerReport.Stripped> prune(InterpreterLayout layout) throws IOException {
    if (!spec.optimize().prunes()) {
      return null;
    }
    PruneReport report = new PackagePruner(rules().rulesFor(spec.optimize()))
        .prune(layout.sitePackages(), layout.home().resolve(LICENSES));
    List<LayerReport.Stripped> entries = new ArrayList<>();
    for (PruneReport.Entry entry : report.entries()) {
      entries.add(new LayerReport.Stripped(entry.rule(), entry.bytes(), entry.files()));
    }
    return entries;
  }

  /**
   * Strips ELF files of the layer and checks the result ({@link NativeStripStep}); a warning when
   * no tool for {@code arch} is installed or the check cannot run here.
   */
  LayerReport.NativeStrip stripNative(Arch arch, InterpreterLayout layout, Path scratch,
      List<String> warnings) throws IOException {
    if (!spec.optimize().stripsNative()) {
      return null;
    }
    Optional<NativeStripper> stripper =
        NativeStripper.forTarget(arch, context.host().arch(), CommandRunner::findOnPath);
    if (stripper.isEmpty()) {
      String warning = NativeStripper.missingToolNotice(arch);
      warnings.add(warning);
      context.listener().warn(warning);
      return new LayerReport.NativeStrip(null, 0, 0, List.of(warning));
    }
    NativeStripStep.Result result =
        new NativeStripStep(context).run(stripper.get(), arch, layout, scratch);
    result.notes().forEach(n -> context.listener().warn(n));
    List<String> notes = new ArrayList<>(result.notes());
    notes.add("check: " + result.check());
    if (result.check().startsWith("not checked")) {
      String warning = "native strip: whether the stripped binaries still load was "
          + result.check();
      warnings.add(warning);
      context.listener().warn(warning);
    }
    return new LayerReport.NativeStrip(result.tool(), result.bytesSaved(), result.files(),
        notes);
  }

  /**
   * From level balanced on, runs the smoke code under the import tracer and removes distributions it
   * never touched; where the smoke code cannot run, removes only the rules' {@code
   * drop-when-untraced} list. Null at level none, or when nothing was dropped without a trace.
   *
   * @throws BuildException when the smoke code fails before anything was dropped
   */
  LayerReport.Trace dropUnused(Arch arch, InterpreterLayout layout,
      List<InstalledDistribution> installed, List<String> warnings) throws IOException {
    if (!spec.optimize().dropsUnused()) {
      return null;
    }
    Optional<List<String>> launcher = context.host().launcherFor(arch);
    if (!spec.smoke().enabled() || launcher.isEmpty()) {
      return dropUntraced(arch, layout, installed, warnings);
    }
    ImportTrace trace = new ImportTracer(launcher.get(), TRACE_TIMEOUT)
        .trace(layout.home(), layout.minorVersion(), spec.smoke().code(), spec.smoke().env());
    if (!trace.ok()) {
      throw new BuildException("the smoke code failed under the import tracer, before any"
          + " distribution was dropped; the pruning rules may have removed a file it needs"
          + " (switch rules off with --no-prune NAME, or build with --optimize none):\n"
          + tail(trace.output()));
    }
    UnusedDistributions.Result result = new UnusedDistributions(rules().keep())
        .drop(installed, trace, layout.sitePackages(), layout.home().resolve(LICENSES));
    List<LayerReport.TraceItem> dropped = new ArrayList<>();
    result.dropped().forEach(i -> dropped.add(
        new LayerReport.TraceItem(i.name(), i.bytes(), i.files())));
    List<LayerReport.TraceItem> candidates = new ArrayList<>();
    result.candidates().forEach(i -> candidates.add(
        new LayerReport.TraceItem(i.name(), i.bytes(), i.files())));
    return new LayerReport.Trace(dropped, candidates,
        pruneProviders(layout, installed, trace, warnings));
  }

  /**
   * Without a trace, drops only the distributions the rules list as unused when untraced (what
   * tracing LiteLLM's default smoke test drops on x86_64), and says so: nothing verified them here.
   */
  private LayerReport.Trace dropUntraced(Arch arch, InterpreterLayout layout,
      List<InstalledDistribution> installed, List<String> warnings) throws IOException {
    String why = spec.smoke().enabled() ? context.host().cannotRunReason(arch) : "smoke test off";
    new ProviderPruning(ProviderRules.defaults()).untraced(installed, spec.providers(), why)
        .warningText().ifPresent(w -> warn(w, warnings));
    PruneRules untraced = rules();
    UnusedDistributions.Result result = new UnusedDistributions(untraced.keep()).dropNamed(
        installed, untraced.dropWhenUntraced(), layout.sitePackages(),
        layout.home().resolve(LICENSES));
    String warning = result.dropped().isEmpty()
        ? "no distribution was dropped by tracing: the smoke code cannot run (" + why + ")"
        : "the import tracer cannot run (" + why + "), so only the distributions pylayer's rules"
            + " list as unused were dropped, unverified: " + result.dropped().stream()
                .map(UnusedDistributions.Item::name).collect(Collectors.joining(", "))
            + "; keep one with --keep NAME";
    warnings.add(warning);
    context.listener().warn(warning);
    List<LayerReport.TraceItem> dropped = new ArrayList<>();
    result.dropped().forEach(i -> dropped.add(
        new LayerReport.TraceItem(i.name(), i.bytes(), i.files())));
    return dropped.isEmpty() ? null : new LayerReport.Trace(dropped, List.of());
  }

  /**
   * Drops the LiteLLM providers the spec does not keep, where the trace shows it safe, and puts
   * stand-ins in place of distributions only they use.
   */
  private LayerReport.Providers pruneProviders(InterpreterLayout layout,
      List<InstalledDistribution> installed, ImportTrace trace, List<String> warnings)
      throws IOException {
    ProviderPruning.Outcome outcome;
    try {
      outcome = new ProviderPruning(ProviderRules.defaults()).apply(layout.sitePackages(),
          layout.home(), layout.home().resolve(LICENSES), installed, spec.providers(),
          rules().keep(), trace);
    } catch (IllegalArgumentException e) {
      throw new BuildException(e.getMessage() + ": fix [packages] providers or --provider", e);
    }
    outcome.warningText().ifPresent(w -> warn(w, warnings));
    if (outcome.pruned().isEmpty()) {
      return null;
    }
    ProviderPruner.Result result = outcome.pruned().get();
    List<LayerReport.TraceItem> items = new ArrayList<>();
    result.dropped().forEach(i -> items.add(
        new LayerReport.TraceItem(i.name(), i.bytes(), i.files())));
    List<LayerReport.StandIn> standIns = new ArrayList<>();
    outcome.standIns().forEach(r -> standIns.add(new LayerReport.StandIn(r.distribution(),
        r.version(), r.providers(), r.modules(), r.bytes())));
    return new LayerReport.Providers(outcome.litellmVersion(), result.kept(), result.pruned(),
        result.bytes(), items, result.keptFiles(), standIns);
  }

  private void warn(String warning, List<String> warnings) {
    warnings.add(warning);
    context.listener().warn(warning);
  }

  private static String tail(String text) {
    String trimmed = text.strip();
    return trimmed.length() <= 4000 ? trimmed : "..." + trimmed.substring(trimmed.length() - 4000);
  }
}
