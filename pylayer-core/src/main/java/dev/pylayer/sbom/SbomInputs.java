package dev.pylayer.sbom;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What an SBOM describes; plain values, so any build pipeline can assemble them. */
public final class SbomInputs {

  private SbomInputs() {}

  /**
   * The interpreter: a python-build-standalone build (or another archive).
   *
   * @param release the python-build-standalone release tag, if known
   * @param url where the archive was downloaded from (or its local path)
   */
  public record Interpreter(String version, Optional<String> release, String url,
      String archiveFileName, String sha256) {}

  /**
   * One installed distribution.
   *
   * @param licenses licence expressions and names from its metadata (see {@link Licenses})
   */
  public record Distribution(String name, String version, String wheelFileName,
      String wheelSha256, Optional<String> url, Licenses licenses) {}

  /**
   * The layer itself, the SBOM's subject.
   *
   * @param arch {@code x86_64} or {@code arm64}
   */
  public record Layer(String name, String zipFileName, String zipSha256, String arch) {}

  /** All of it, with the build time (SOURCE_DATE_EPOCH) and the tool that made the layer. */
  public record Document(Layer layer, Interpreter interpreter, List<Distribution> distributions,
      Instant timestamp, String toolVersion) {
    public Document {
      distributions = List.copyOf(distributions);
    }
  }
}
