package dev.pylayer.build;

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
    "build_seconds", "warnings"})
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
    List<String> warnings) {

  /** The interpreter: its version, python-build-standalone release and archive hash. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Python(String version, String release, String archive, String archiveSha256) {}

  /** One installed distribution; {@code bytes} counts its files in the layer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Package(String name, String version, String wheel, String sha256, long bytes,
      String location) {}

  /** Bytes and files one stripping or pruning rule removed. */
  public record Stripped(String rule, long bytes, int files) {}

  /** Byte-compilation: files compiled, bytes added, seconds, and files that did not compile. */
  public record Bytecode(int files, long bytes, double seconds, String interpreter,
      List<String> failures) {}

  /** The smoke test; {@code skipped} says why it did not run. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Smoke(boolean ran, boolean ok, double seconds, String output, String skipped,
      String emulator) {}
}
