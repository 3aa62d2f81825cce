package dev.pylayer.pipeline;

import dev.pylayer.archive.UnpackLimits;
import dev.pylayer.audit.KnownBadReleases;
import dev.pylayer.audit.ReleaseScreen;
import dev.pylayer.audit.StartupCodePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec's supply-chain settings ({@code [limits]} and {@code [audit]} in pylayer.toml, {@code
 * --max-unpacked-mb}, {@code --allow-startup-code}, {@code --strict}): kept in one value so the
 * spec, the command line and the build steps pass them on whole.
 *
 * @param maxUnpackedBytes what one wheel or interpreter archive may unpack to
 * @param allowStartupCode distributions allowed to ship code that runs at interpreter start
 * @param knownBadFiles the user's known-bad release lists, added to pylayer's own
 * @param strict whether findings that are otherwise warnings (absolute RUNPATHs pointing outside
 *     the layer, missing shared libraries) fail the build
 */
public record SupplyChainOptions(long maxUnpackedBytes, List<String> allowStartupCode,
    List<Path> knownBadFiles, boolean strict) {

  /** 250 MiB per archive, no start-up code allowed, the bundled known-bad list, not strict. */
  public static final SupplyChainOptions DEFAULTS =
      new SupplyChainOptions(UnpackLimits.LAMBDA_UNZIPPED_BYTES, List.of(), List.of(), false);

  public SupplyChainOptions {
    if (maxUnpackedBytes <= 0) {
      throw new SpecException("the unpacked-size limit must be positive, got " + maxUnpackedBytes
          + " bytes");
    }
    allowStartupCode = List.copyOf(allowStartupCode);
    knownBadFiles = List.copyOf(knownBadFiles);
  }

  /** These options with the per-archive limit given in MiB (1 MiB = 1,048,576 bytes). */
  public SupplyChainOptions withMaxUnpackedMb(double mebibytes) {
    if (!(mebibytes > 0) || mebibytes > 1_000_000) {
      throw new SpecException("the unpacked-size limit must be between 0 and 1,000,000 MiB, got "
          + mebibytes);
    }
    return new SupplyChainOptions(Math.round(mebibytes * 1_048_576), allowStartupCode,
        knownBadFiles, strict);
  }

  /** These options also allowing {@code distributions} to run code at start-up. */
  public SupplyChainOptions allowingStartupCode(List<String> distributions) {
    List<String> all = new ArrayList<>(allowStartupCode);
    all.addAll(distributions);
    return new SupplyChainOptions(maxUnpackedBytes, all, knownBadFiles, strict);
  }

  /** These options with the user's known-bad lists {@code files} added. */
  public SupplyChainOptions withKnownBadFiles(List<Path> files) {
    List<Path> all = new ArrayList<>(knownBadFiles);
    all.addAll(files);
    return new SupplyChainOptions(maxUnpackedBytes, allowStartupCode, all, strict);
  }

  /** These options, strict or not. */
  public SupplyChainOptions withStrict(boolean value) {
    return new SupplyChainOptions(maxUnpackedBytes, allowStartupCode, knownBadFiles, value);
  }

  /** The unpack limits for one archive. */
  public UnpackLimits unpackLimits() {
    return UnpackLimits.DEFAULTS.withMaxBytes(maxUnpackedBytes);
  }

  /** The start-up code policy. */
  public StartupCodePolicy startupCodePolicy() {
    return StartupCodePolicy.allowing(allowStartupCode);
  }

  /** The release screen: pylayer's known-bad list plus the user's, and yanked files. */
  public ReleaseScreen releaseScreen() {
    try {
      return ReleaseScreen.of(KnownBadReleases.bundledPlus(knownBadFiles));
    } catch (IllegalArgumentException e) {
      throw new SpecException(e.getMessage(), e);
    }
  }
}
