package dev.pylayer.cli;

import dev.pylayer.pipeline.BuildContext;
import dev.pylayer.pipeline.Layout;
import dev.pylayer.pipeline.LayerBuilder;
import dev.pylayer.pipeline.LayerReport;
import dev.pylayer.pipeline.LayerSpec;
import dev.pylayer.pipeline.ReportJson;
import dev.pylayer.pep.Arch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pylayer build}: builds one layer zip per architecture. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a Lambda layer: python-build-standalone CPython plus the spec's wheels, stripped,"
          + " byte-compiled, as a deterministic zip with report.json and a smoke test.",
      "Outputs go to OUT/layer-build-ARCH/: layer/ (unpacked), python-NAME-ARCH.zip,"
          + " report.json."
    },
    footer = {
      "",
      "Examples:",
      "  pylayer build                              # the default LiteLLM layer, arm64",
      "  pylayer build --arch x86_64 --arch arm64   # one layer per architecture",
      "  pylayer build -r requirements.txt --name openai --smoke-code \"$(cat smoke.py)\"",
      "  pylayer build --upgrade-package openai     # newest openai in pylock.toml",
      "  pylayer build --python-archive cpython.tar.gz --python-sha256 HEX --layout zip",
      "",
      "Exit status: 0 built, 1 build failed (message on stderr), 2 bad options."
    })
final class BuildCommand implements Callable<Integer> {

  private final CliEnvironment environment;

  BuildCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Mixin SpecOptions specOptions;

  @Mixin UpgradeOptions upgradeOptions;

  @Mixin SupplyChainCliOptions supplyChainOptions;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR",
      description = "Where layer-build-ARCH/ directories go (default: the spec's [layer] out,"
          + " else the current directory).")
  Path out;

  @Option(names = "--max-size", paramLabel = "MB",
      description = "Budget for the zip in MB (1 MB = 1,000,000 bytes; default 30): a bigger"
          + " layer fails the build.")
  Double maxSizeMb;

  @Option(names = "--layout", paramLabel = "dir|zip",
      description = "zip: pure packages in site-packages.zip (the seed's layout; the default at"
          + " --optimize balanced and size: unpacks twice as fast); dir: every package in"
          + " site-packages/ (the default at --optimize none; fastest imports once unpacked).")
  String layout;

  @Option(names = "--optimize", paramLabel = "none|balanced|size",
      description = "none: stdlib stripping and bytecode only; balanced (default): plus pruning"
          + " rules (tests, docs, stubs, C sources, LiteLLM's proxy UI...), stripped native"
          + " code, distributions the smoke code never uses dropped, sourceless bytecode and the"
          + " zip layout; size: plus the size rules (unused stdlib, unused LiteLLM data) and -OO"
          + " bytecode.")
  String optimize;

  @Option(names = "--prune-rules", paramLabel = "FILE",
      description = "A TOML file of extra pruning rules ([[rule]] name, reason, level, paths,"
          + " except; [trace] keep, drop-when-untraced); repeatable.")
  List<Path> pruneRules;

  @Option(names = "--no-prune", paramLabel = "RULE",
      description = "Switch a pruning rule off by name ('all' for every rule); repeatable.")
  List<String> noPrune;

  @Option(names = "--keep", paramLabel = "DIST",
      description = "A distribution the import tracer (balanced, size) never drops; repeatable.")
  List<String> keep;

  @Option(names = "--sourceless", paramLabel = "stdlib,packages|none",
      description = "Which code ships as .pyc without .py (default: both at balanced and size,"
          + " none at none); 'none' keeps every source, for tracebacks with source lines.")
  String sourceless;

  @Option(names = "--smoke-code", paramLabel = "CODE",
      description = "Python code the smoke test runs in the built layer; the import tracer keeps"
          + " only what it uses, so make it do what the function does (default: LiteLLM mock,"
          + " HTTP, streamed and async completions against a stub on 127.0.0.1).")
  String smokeCode;

  @Option(names = "--no-smoke", description = "Do not run the smoke test.")
  boolean noSmoke;

  @Option(names = {"-q", "--quiet"}, description = "Print only warnings, errors and the result.")
  boolean quiet;

  @Option(names = "--json", description = "Print the reports as JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path workingDir = environment.workingDir();
    LayerSpec.Builder builder = specOptions.toBuilder(workingDir);
    if (out != null) {
      builder.outDir(workingDir.resolve(out));
    }
    if (maxSizeMb != null) {
      builder.maxSizeMb(maxSizeMb);
    }
    if (layout != null) {
      builder.layout(Layout.parse(layout));
    }
    if (optimize != null) {
      builder.optimize(dev.pylayer.optimize.OptimizeLevel.parse(optimize));
    }
    supplyChainOptions.applyTo(builder);
    LayerSpec partial = builder.build();
    if (pruneRules != null) {
      List<Path> files = new java.util.ArrayList<>(partial.pruneRuleFiles());
      pruneRules.forEach(f -> files.add(workingDir.resolve(f)));
      builder.pruneRuleFiles(files);
    }
    if (noPrune != null) {
      List<String> names = new java.util.ArrayList<>(partial.disabledPruneRules());
      names.addAll(noPrune);
      builder.disabledPruneRules(names);
    }
    if (keep != null) {
      List<String> names = new java.util.ArrayList<>(partial.keepDistributions());
      names.addAll(keep);
      builder.keepDistributions(names);
    }
    if (sourceless != null) {
      java.util.Set<dev.pylayer.optimize.CodeScope> scopes = new java.util.HashSet<>();
      if (!sourceless.strip().equalsIgnoreCase("none")) {
        for (String scope : sourceless.split(",")) {
          scopes.add(dev.pylayer.optimize.CodeScope.parse(scope));
        }
      }
      builder.sourceless(scopes);
    }
    LayerSpec spec = builder.build();
    if (smokeCode != null || noSmoke) {
      var smoke = spec.smoke();
      if (smokeCode != null) {
        smoke = smoke.withCode(smokeCode);
      }
      if (noSmoke) {
        smoke = smoke.withEnabled(false);
      }
      spec = spec.toBuilder().smoke(smoke).build();
    }
    ConsoleListener listener = new ConsoleListener(environment.err(), quiet);
    List<LayerReport> reports = new LayerBuilder(context(environment, listener),
        upgradeOptions.toLockOptions()).build(spec);
    if (json) {
      environment.out().println(ReportJson.toJson(reports));
    } else {
      for (int i = 0; i < reports.size(); i++) {
        Arch arch = spec.arches().get(i);
        Path zip = spec.outDir(arch).resolve(spec.zipName(arch));
        ReportPrinter.print(reports.get(i), workingDir.relativize(zip).toString(),
            environment.out());
      }
    }
    return 0;
  }

  static BuildContext context(CliEnvironment environment, ConsoleListener listener) {
    return BuildContext.builder()
        .env(environment.env())
        .home(environment.home())
        .workingDir(environment.workingDir())
        .listener(listener)
        .build();
  }
}
