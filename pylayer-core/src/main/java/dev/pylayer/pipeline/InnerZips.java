package dev.pylayer.pipeline;

import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.optimize.CodeScope;
import dev.pylayer.pack.DeterministicZipWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The zip layout's two zips inside the layer: pure packages in {@code site-packages.zip}
 * ({@link ZipLayout}) and, when the standard library is sourceless, its pure modules in {@code
 * python3XY.zip} ({@link StdlibZip}). Their contents are staged in the build's scratch directory
 * between steps (the packages before byte-compiling, which compiles the stage too; the standard
 * library after it, from what was decided while its sources were there) and written stored
 * just before the layer zip. With the directory layout there is nothing to stage and every method
 * does nothing.
 */
final class InnerZips {

  private final InterpreterLayout layout;
  private final Path packagesStage;
  private final Path stdlibStage;
  private final Consumer<String> info;
  private Set<String> stdlibFiles = Set.of();

  private InnerZips(InterpreterLayout layout, Path packagesStage, Path stdlibStage,
      Consumer<String> info) {
    this.layout = layout;
    this.packagesStage = packagesStage;
    this.stdlibStage = stdlibStage;
    this.info = info;
  }

  /** The zips {@code spec} asks for, staged under {@code work}; {@code info} hears what moved. */
  static InnerZips plan(LayerSpec spec, InterpreterLayout layout, Path work, Consumer<String> info) {
    boolean zipLayout = spec.layout() == Layout.ZIP;
    boolean stdlib = zipLayout && spec.sourceless().contains(CodeScope.STDLIB);
    return new InnerZips(layout, zipLayout ? work.resolve("site-packages-zip") : null,
        stdlib ? work.resolve("stdlib-zip") : null, info);
  }

  /** Whether there is a site-packages.zip (the zip layout). */
  boolean zipsPackages() {
    return packagesStage != null;
  }

  /** Whether there is a python3XY.zip (the zip layout with a sourceless standard library). */
  boolean zipsStdlib() {
    return stdlibStage != null;
  }

  /** Where site-packages.zip's files are staged; null without the zip layout. */
  Path packagesStage() {
    return packagesStage;
  }

  /**
   * Moves the pure distributions to the stage and writes the {@code sitecustomize.py} that puts
   * site-packages.zip on {@code sys.path}.
   */
  ZipLayout.Arrangement arrangePackages(List<InstalledDistribution> distributions)
      throws IOException {
    Files.createDirectories(packagesStage);
    ZipLayout.Arrangement arrangement =
        new ZipLayout().arrange(distributions, layout.sitePackages(), packagesStage);
    if (arrangement.tiktokenCache() != null) {
      info.accept("tiktoken cache kept as a directory: " + arrangement.tiktokenCache());
    }
    info.accept(arrangement.zipped().size() + " distributions in " + ZipLayout.ZIP_NAME
        + "; kept as directories: "
        + (arrangement.kept().isEmpty() ? "none" : String.join(", ", arrangement.kept())));
    Files.writeString(layout.stdlib().resolve("sitecustomize.py"),
        ZipLayout.sitecustomize(arrangement.tiktokenCache()));
    return arrangement;
  }

  /** Decides which standard library names stay files; while the sources are still there. */
  Set<String> planStdlib() throws IOException {
    stdlibFiles = StdlibZip.mustStayFiles(layout.stdlib());
    return stdlibFiles;
  }

  /** Moves the standard library's compiled pure modules to their stage; after byte-compiling. */
  int arrangeStdlib() throws IOException {
    int moved = StdlibZip.arrange(layout.stdlib(), stdlibFiles, stdlibStage);
    info.accept(moved + " standard library files in " + StdlibZip.zipName(layout.minorVersion())
        + "; kept as files: " + String.join(", ", stdlibFiles));
    return moved;
  }

  /**
   * Writes the staged zips into the layer tree. Stored, not deflated: the layer zip then deflates
   * each as one stream, which finds the names small .pyc files share (LiteLLM 1.45.0's
   * site-packages: 4.88 MB deflated entry by entry, 3.31 MB stored and deflated whole), and
   * zipimport reads modules without zlib.
   */
  void write(DeterministicZipWriter layerZipWriter) throws IOException {
    DeterministicZipWriter stored = layerZipWriter.withCompressionLevel(0);
    if (packagesStage != null) {
      stored.write(packagesStage, layout.stdlib().resolve(ZipLayout.ZIP_NAME));
    }
    if (stdlibStage != null && Files.isDirectory(stdlibStage)) {
      stored.write(stdlibStage, layout.libDir().resolve(StdlibZip.zipName(layout.minorVersion())));
    }
  }
}
