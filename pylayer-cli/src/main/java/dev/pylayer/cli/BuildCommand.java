package dev.pylayer.cli;

import dev.pylayer.pipeline.BuildContext;
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
          + " report.json. They are built beside it and replace the previous ones together, by"
          + " renames, only once every step passed (including verify: the zip checked against"
          + " its report); a failed build leaves the previous outputs as they were."
    },
    footer = {
      "",
      "Examples:",
      "  pylayer build                              # the default LiteLLM layer, arm64",
      "  pylayer build --arch x86_64 --arch arm64   # one layer per architecture",
      "  pylayer build -r requirements.txt --name openai --smoke-code \"$(cat smoke.py)\"",
      "  pylayer build --upgrade-package openai     # newest openai in pylock.toml",
      "  pylayer build --python-archive cpython.tar.gz --python-sha256 HEX --layout zip",
      "  pylayer build --arch arm64 --compile-python-archive x86_64.tar.gz"
          + " --compile-python-sha256 HEX   # offline, no qemu",
      "  pylayer verify layer-build-arm64/python-litellm-arm64.zip   # check a zip against its"
          + " report",
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

  @Option(names = "--no-deps",
      description = "Install the -r file as it is, without resolving dependencies (pip's"
          + " --no-deps); every package must be pinned in it, the closure check says what lacks.")
  boolean noDeps;

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
      description = "A distribution the import tracer (balanced, size) never drops"
          + " and never replaces by a stand-in; repeatable.")
  List<String> keep;

  @Option(names = "--provider", paramLabel = "NAME",
      description = "A LiteLLM provider the layer keeps (default: openai, as [packages] providers);"
          + " the others' files are pruned where the import tracer and their imports show it safe;"
          + " repeatable, replaces the spec's list; 'all' keeps every provider.")
  List<String> provider;

  @Option(names = "--sourceless", paramLabel = "stdlib,packages|none",
      description = "Which code ships as .pyc without .py (default: both at balanced and size,"
          + " none at none); 'none' keeps every source, for tracebacks with source lines.")
  String sourceless;

  @Option(names = "--lazy-reexports", negatable = true, paramLabel = "",
      description = "Packages that only re-export their submodules' names (generated SDKs such as"
          + " openai's) import each submodule on first use (default: on at balanced and size);"
          + " --no-lazy-reexports imports them up front as written.")
  Boolean lazyReexports;

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
    LayerSpec spec = supplyChainOptions.addTo(specOptions.toOverrides())
        .outDir(out)
        .noDeps(noDeps ? Boolean.TRUE : null)
        .maxSizeMb(maxSizeMb)
        .layout(layout)
        .optimize(optimize)
        .addPruneRuleFiles(pruneRules)
        .addDisabledPruneRules(noPrune)
        .addKeepDistributions(keep)
        .providers(provider)
        .sourceless(sourceless)
        .lazyReexports(lazyReexports)
        .smokeCode(smokeCode)
        .smokeEnabled(noSmoke ? Boolean.FALSE : null)
        .build()
        .resolve(workingDir);
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
