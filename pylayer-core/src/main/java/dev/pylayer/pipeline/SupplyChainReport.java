package dev.pylayer.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The supply-chain section of {@code report.json}: code that runs at interpreter start (allowed,
 * since a refused one stops the build), the SBOM file, and the ELF findings.
 *
 * @param startupCode every file that runs at interpreter start
 * @param sbom the CycloneDX SBOM's file name, beside the zip
 * @param elf what the ELF check found and fixed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SupplyChainReport(List<StartupCode> startupCode, String sbom, Elf elf) {

  /**
   * This report without the start-up files that later steps removed (a distribution the import
   * tracer dropped, a package moved into site-packages.zip, where no .pth is read).
   */
  public SupplyChainReport stillIn(java.nio.file.Path layerRoot) {
    List<StartupCode> kept = startupCode.stream()
        .filter(code -> java.nio.file.Files.exists(layerRoot.resolve(code.path()),
            java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .toList();
    return new SupplyChainReport(kept, sbom, elf);
  }

  /** This report with the SBOM named. */
  public SupplyChainReport withSbom(String file) {
    return new SupplyChainReport(startupCode, file, elf);
  }

  /** This report with the ELF findings. */
  public SupplyChainReport withElf(Elf value) {
    return new SupplyChainReport(startupCode, sbom, value);
  }

  /** One start-up file: where, why it runs, whose, and the lines of code ({@code .pth}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StartupCode(String path, String kind, String distribution, List<String> lines) {}

  /**
   * ELF hygiene: files checked, RUNPATH/RPATH entries rewritten to {@code $ORIGIN}, absolute
   * entries left (pointing outside the layer), and needed libraries found nowhere.
   */
  public record Elf(int files, List<String> rewritten, List<String> absoluteLeft,
      List<String> missingLibraries) {}
}
