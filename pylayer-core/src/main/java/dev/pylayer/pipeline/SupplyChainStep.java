package dev.pylayer.pipeline;

import dev.pylayer.audit.ReleaseScreen;
import dev.pylayer.fetch.Uris;
import dev.pylayer.files.AtomicFiles;
import dev.pylayer.interpreter.InterpreterSource;
import dev.pylayer.pack.ZipWriteResult;
import dev.pylayer.pep.Arch;
import dev.pylayer.sbom.LayerSbom;
import dev.pylayer.sbom.Licenses;
import dev.pylayer.sbom.SbomInputs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import dev.pylayer.audit.StartupAudit;
import dev.pylayer.audit.StartupCodeScanner;
import dev.pylayer.audit.StartupFile;
import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.install.InstalledFile;
import dev.pylayer.interpreter.ElfSearchPaths;
import dev.pylayer.interpreter.InterpreterLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The supply-chain checks of one layer, run right after the wheels are installed (before anything
 * else may change the tree): known-bad releases are refused, and code that runs at interpreter
 * start is listed and refused unless the spec allows its distribution.
 */
final class SupplyChainStep {

  private final LayerSpec spec;

  SupplyChainStep(LayerSpec spec) {
    this.spec = spec;
  }

  /**
   * Checks the installed distributions.
   *
   * @throws BuildException naming the refused releases or start-up files
   */
  SupplyChainReport afterInstall(InterpreterLayout layout, List<InstalledPackage> installed,
      Path layerRoot) throws IOException {
    ReleaseScreen screen = spec.supplyChain().releaseScreen();
    List<String> refusals = new ArrayList<>();
    Map<Path, String> owners = new HashMap<>();
    for (InstalledPackage p : installed) {
      InstalledDistribution dist = p.distribution();
      screen.refusal(dist.name().toString(), dist.version(), p.wheel().filename(),
          Optional.empty()).ifPresent(refusals::add);
      for (InstalledFile file : dist.files()) {
        owners.put(file.location().toAbsolutePath().normalize(), dist.name().toString());
      }
    }
    if (!refusals.isEmpty()) {
      throw new BuildException(String.join("\n", refusals));
    }
    List<StartupFile> found = StartupCodeScanner.scan(layerRoot,
        List.of(layout.sitePackages()),
        List.of(layout.stdlib(), layout.stdlib().resolve("lib-dynload"), layout.sitePackages()),
        file -> Optional.ofNullable(owners.get(file.toAbsolutePath().normalize())));
    StartupAudit audit = spec.supplyChain().startupCodePolicy().evaluate(found);
    if (audit.refusalMessage().isPresent()) {
      throw new BuildException(audit.refusalMessage().get());
    }
    List<SupplyChainReport.StartupCode> listed = new ArrayList<>();
    for (StartupFile file : audit.files()) {
      listed.add(new SupplyChainReport.StartupCode(file.path(), file.kind().jsonName(),
          file.distribution().orElse(null),
          file.executableLines().isEmpty() ? null : file.executableLines()));
    }
    return new SupplyChainReport(listed, null, null);
  }

  /**
   * Fixes absolute RUNPATH/RPATH entries and reports what cannot be fixed and libraries found
   * nowhere: warnings, or a failure with {@code strict}.
   */
  SupplyChainReport.Elf elf(InterpreterLayout layout, Path layerRoot, List<String> warnings)
      throws IOException {
    ElfSearchPaths.Result result = ElfSearchPaths.forLambdaAl2023().fix(layerRoot, layout.home());
    List<String> problems = new ArrayList<>();
    result.absoluteLeft().forEach(p -> problems.add("absolute library path left: " + p));
    result.missingLibraries().forEach(p -> problems.add("shared library found neither in the"
        + " layer nor in the Lambda AL2023 base image: " + p));
    if (!problems.isEmpty() && spec.supplyChain().strict()) {
      throw new BuildException("the layer's native code would not load the same everywhere (the"
          + " build is --strict):\n  " + String.join("\n  ", problems) + "\nship the missing"
          + " libraries in the layer (a wheel that bundles them), or build without --strict to"
          + " accept this with warnings");
    }
    warnings.addAll(problems);
    return new SupplyChainReport.Elf(result.elfFiles(), result.rewritten(), result.absoluteLeft(),
        result.missingLibraries());
  }

  /**
   * Writes the layer's CycloneDX SBOM into {@code out} (atomically, beside the zip) and returns
   * its file name.
   */
  String writeSbom(Arch arch, PreparedInterpreter interpreter, List<InstalledPackage> installed,
      ZipWriteResult zip, Instant timestamp, Path out) throws IOException {
    InterpreterSource source = interpreter.source();
    SbomInputs.Interpreter python = new SbomInputs.Interpreter(interpreter.fullVersion(),
        source.release(), publicLocation(source.location()).orElse(source.fileName()),
        source.fileName(), interpreter.archiveSha256());
    List<SbomInputs.Distribution> distributions = new ArrayList<>();
    for (InstalledPackage p : installed) {
      InstalledDistribution dist = p.distribution();
      distributions.add(new SbomInputs.Distribution(dist.name().toString(), dist.version(),
          p.wheel().filename(), p.sha256(), publicLocation(p.wheel().url()),
          Licenses.of(dist.metadata())));
    }
    String version = Optional.ofNullable(LayerBuilder.class.getPackage().getImplementationVersion())
        .orElse("development");
    SbomInputs.Document document = new SbomInputs.Document(
        new SbomInputs.Layer(spec.name(), spec.zipName(arch), zip.sha256(), arch.lambdaName()),
        python, distributions, timestamp, version);
    String name = LayerSbom.fileNameFor(spec.zipName(arch));
    AtomicFiles.write(out.resolve(name),
        LayerSbom.toJson(document).getBytes(StandardCharsets.UTF_8));
    return name;
  }

  /** An http(s) URL without credentials; local files are left out (machine-specific paths). */
  private static Optional<String> publicLocation(URI uri) {
    if (uri == null || uri.getScheme() == null
        || !uri.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("http")) {
      return Optional.empty();
    }
    return Optional.of(Uris.redact(uri));
  }
}
