package dev.pylayer.cli;

import dev.pylayer.pipeline.SpecOverrides;
import picocli.CommandLine.Option;

/** The build's supply-chain options, layered over the spec's {@code [limits]} and {@code [audit]}. */
final class SupplyChainCliOptions {

  @Option(names = "--max-unpacked-mb", paramLabel = "MiB",
      description = "What one wheel or interpreter archive may unpack to (default 250, Lambda's"
          + " unzipped limit); extraction stops at once over it, or over 200,000 entries or a"
          + " 200:1 expansion of one entry.")
  Double maxUnpackedMb;

  @Option(names = "--allow-startup-code", paramLabel = "DIST",
      description = "Let this distribution ship code that runs at every interpreter start (.pth"
          + " lines that import, sitecustomize); refused otherwise. Repeatable.")
  java.util.List<String> allowStartupCode;

  @Option(names = "--strict",
      description = "Fail on ELF findings that are otherwise warnings: absolute RUNPATH/RPATH"
          + " entries pointing outside the layer, shared libraries found neither in the layer"
          + " nor in the Lambda base image.")
  boolean strict;

  /** Adds the options given on the command line to the spec overrides (core applies them). */
  SpecOverrides.Builder addTo(SpecOverrides.Builder overrides) {
    return overrides.maxUnpackedMb(maxUnpackedMb)
        .addAllowStartupCode(allowStartupCode)
        .strict(strict ? Boolean.TRUE : null);
  }
}
