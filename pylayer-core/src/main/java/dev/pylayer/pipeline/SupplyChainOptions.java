package dev.pylayer.pipeline;

import dev.pylayer.archive.UnpackLimits;

/**
 * The spec's supply-chain settings ({@code [limits]} in pylayer.toml, {@code --max-unpacked-mb}):
 * kept in one value so the spec, the command line and the build steps pass them on whole.
 *
 * @param maxUnpackedBytes what one wheel or interpreter archive may unpack to
 */
public record SupplyChainOptions(long maxUnpackedBytes) {

  /** 250 MiB per archive: Lambda's unzipped limit for a function and all its layers. */
  public static final SupplyChainOptions DEFAULTS =
      new SupplyChainOptions(UnpackLimits.LAMBDA_UNZIPPED_BYTES);

  public SupplyChainOptions {
    if (maxUnpackedBytes <= 0) {
      throw new SpecException("the unpacked-size limit must be positive, got " + maxUnpackedBytes
          + " bytes");
    }
  }

  /** These options with the per-archive limit given in MiB (1 MiB = 1,048,576 bytes). */
  public SupplyChainOptions withMaxUnpackedMb(double mebibytes) {
    if (!(mebibytes > 0) || mebibytes > 1_000_000) {
      throw new SpecException("the unpacked-size limit must be between 0 and 1,000,000 MiB, got "
          + mebibytes);
    }
    return new SupplyChainOptions(Math.round(mebibytes * 1_048_576));
  }

  /** The unpack limits for one archive. */
  public UnpackLimits unpackLimits() {
    return UnpackLimits.DEFAULTS.withMaxBytes(maxUnpackedBytes);
  }
}
