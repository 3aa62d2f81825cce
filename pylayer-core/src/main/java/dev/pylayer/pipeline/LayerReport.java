package dev.pylayer.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What one layer build produced, as {@code report.json} holds it (snake_case keys): sizes and
 * hash of the zip, the interpreter, every package with its wheel and bytes, what stripping
 * removed, the bytecode, the smoke test and the build time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "arch", "layout", "zip", "zip_bytes", "unzipped_bytes", "files",
    "sha256", "budget_bytes", "python", "packages", "stripped", "bytecode", "smoke",
    "build_seconds", "warnings", "optimize", "pruned", "native_strip", "trace", "steps",
    "supply_chain"})
public record LayerReport(
    String name,
    String arch,
    String layout,
    String zip,
    long zipBytes,
    long unzippedBytes,
    int files,
    String sha256,
    Long budgetBytes,
    Python python,
    List<Package> packages,
    List<Stripped> stripped,
    Bytecode bytecode,
    Smoke smoke,
    Double buildSeconds,
    List<String> warnings,
    String optimize,
    List<Stripped> pruned,
    NativeStrip nativeStrip,
    Trace trace,
    List<StepTime> steps,
    SupplyChainReport supplyChain) {

  /** A report without step timings and the supply-chain section. */
  public LayerReport(String name, String arch, String layout, String zip, long zipBytes,
      long unzippedBytes, int files, String sha256, Long budgetBytes, Python python,
      List<Package> packages, List<Stripped> stripped, Bytecode bytecode, Smoke smoke,
      Double buildSeconds, List<String> warnings, String optimize, List<Stripped> pruned,
      NativeStrip nativeStrip, Trace trace) {
    this(name, arch, layout, zip, zipBytes, unzippedBytes, files, sha256, budgetBytes, python,
        packages, stripped, bytecode, smoke, buildSeconds, warnings, optimize, pruned,
        nativeStrip, trace, null, null);
  }

  /** How long one pipeline step took (the build's timings, in the order the steps ran). */
  public record StepTime(String step, double seconds) {}

  /** This report with the supply-chain section. */
  public LayerReport withSupplyChain(SupplyChainReport value) {
    return new LayerReport(name, arch, layout, zip, zipBytes, unzippedBytes, files, sha256,
        budgetBytes, python, packages, stripped, bytecode, smoke, buildSeconds, warnings,
        optimize, pruned, nativeStrip, trace, steps, value);
  }

  /** A report without the optimizer's sections (older reports, {@code pylayer inspect}). */
  public LayerReport(String name, String arch, String layout, String zip, long zipBytes,
      long unzippedBytes, int files, String sha256, Long budgetBytes, Python python,
      List<Package> packages, List<Stripped> stripped, Bytecode bytecode, Smoke smoke,
      Double buildSeconds, List<String> warnings) {
    this(name, arch, layout, zip, zipBytes, unzippedBytes, files, sha256, budgetBytes, python,
        packages, stripped, bytecode, smoke, buildSeconds, warnings, null, null, null, null,
        null, null);
  }

  /**
   * Native stripping: the tool, bytes saved over the ELF files it handled, and files it could
   * not strip; {@code tool} is null (and a warning says why) when none was found.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NativeStrip(String tool, long bytes, int files, List<String> notes) {}

  /**
   * The import tracer (optimize = size): distributions dropped because the smoke code never
   * imported nor opened any of their files, and the largest unused folders of those kept.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Trace(List<TraceItem> dropped, List<TraceItem> candidates, Providers providers) {

    public Trace(List<TraceItem> dropped, List<TraceItem> candidates) {
      this(dropped, candidates, null);
    }
  }

  /**
   * LiteLLM provider pruning (dev.pylayer.optimize.ProviderPruner): the providers and parts kept
   * and pruned, bytes and files removed per provider, and files of pruned providers kept because
   * {@code import litellm}, the smoke code or kept providers use them.
   */
  public record Providers(String litellm, List<String> kept, List<String> pruned, long bytes,
      List<TraceItem> dropped, int keptFiles, List<StandIn> standIns) {}

  /**
   * A distribution {@code import litellm} loads that only pruned providers use, replaced by a
   * module that raises on use; {@code bytes} is what the layer lost (data files emptied included).
   */
  public record StandIn(String distribution, String version, List<String> providers,
      List<String> modules, long bytes) {}

  /** A dropped distribution or an unused folder, with its bytes and files. */
  public record TraceItem(String name, long bytes, int files) {}

  /** The interpreter: its version, python-build-standalone release and archive hash. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Python(String version, String release, String archive, String archiveSha256) {}

  /** One installed distribution; {@code bytes} counts its files in the layer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Package(String name, String version, String wheel, String sha256, long bytes,
      String location) {}

  /** Bytes and files one stripping or pruning rule removed. */
  public record Stripped(String rule, long bytes, int files) {}

  /**
   * Byte-compilation: files compiled, bytes added, seconds, files that did not compile, and the
   * run-time paths of packages given lazy re-exports.
   */
  public record Bytecode(int files, long bytes, double seconds, String interpreter,
      List<String> failures, List<String> lazyReexports) {}

  /** The smoke test; {@code skipped} says why it did not run. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Smoke(boolean ran, boolean ok, double seconds, String output, String skipped,
      String emulator, dev.pylayer.verify.ImportTimeProfile importTime) {

    public Smoke(boolean ran, boolean ok, double seconds, String output, String skipped,
        String emulator) {
      this(ran, ok, seconds, output, skipped, emulator, null);
    }
  }
}
