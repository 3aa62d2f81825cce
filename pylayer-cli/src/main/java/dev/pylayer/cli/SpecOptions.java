package dev.pylayer.cli;

import dev.pylayer.pipeline.SpecOverrides;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options {@code build} and {@code lock} share: which spec, which targets, which packages,
 * which indexes and which interpreter. Each overrides the same setting of {@code pylayer.toml}.
 */
final class SpecOptions {

  @Option(names = "--spec", paramLabel = "FILE",
      description = "The spec (default: ./pylayer.toml if it exists, else the built-in LiteLLM"
          + " defaults).")
  Path spec;

  @Option(names = "--name", paramLabel = "NAME",
      description = "Layer name: the zip is python-NAME-ARCH.zip (default: litellm).")
  String name;

  @Option(names = "--arch", paramLabel = "ARCH",
      description = "arm64 or x86_64; repeat for one layer each (default: arm64).")
  List<String> arches;

  @Option(names = "--python-version", paramLabel = "X.Y",
      description = "Python minor version (default: 3.11).")
  String pythonVersion;

  @Option(names = "--runtime", paramLabel = "RUNTIME",
      description = "The consuming function's Lambda runtime; it sets the glibc ceiling for wheels"
          + " (default: java21 = glibc 2.34; java17/java11 = 2.26).")
  String runtime;

  @Option(names = "--python-archive", paramLabel = "PATH|URL",
      description = "A python-build-standalone install_only .tar.gz instead of the catalog's build;"
          + " needs --python-sha256.")
  String pythonArchive;

  @Option(names = "--python-sha256", paramLabel = "HEX",
      description = "The sha256 of --python-archive.")
  String pythonSha256;

  @Option(names = "--compile-python-archive", paramLabel = "PATH|URL",
      description = "A python-build-standalone install_only .tar.gz for this machine, of the"
          + " layer's Python version, to byte-compile with when the layer's interpreter cannot run"
          + " here (an arm64 layer on x86_64 without qemu, offline); needs"
          + " --compile-python-sha256. Default: the catalog's build, downloaded.")
  String compilePythonArchive;

  @Option(names = "--compile-python-sha256", paramLabel = "HEX",
      description = "The sha256 of --compile-python-archive.")
  String compilePythonSha256;

  @Option(names = {"-r", "--requirements"}, paramLabel = "FILE",
      description = "Requirements in pip's format, as pip reads them: top-level requirements"
          + " whose dependencies are resolved into the lock (a fresh pylock.toml beside the spec"
          + " or beside this file is used). A complete hash-pinned set (every line"
          + " name==version --hash=...) is installed as it is, as is any file with --no-deps.")
  Path requirements;

  @Option(names = {"-i", "--index-url"}, paramLabel = "URL",
      description = "Package index (PEP 503/691); default: pip's configuration, else PyPI.")
  String indexUrl;

  @Option(names = "--extra-index-url", paramLabel = "URL",
      description = "A further index; repeatable. Replaces pip's configured extra indexes.")
  List<String> extraIndexUrls;

  @Option(names = {"-f", "--find-links"}, paramLabel = "DIR|URL",
      description = "A directory (or page) of wheels; repeatable.")
  List<String> findLinks;

  @Option(names = "--no-index", description = "Use only --find-links, no index.")
  Boolean noIndex;

  /** These options as overrides of the spec file (core applies them, as for the Maven plugin). */
  SpecOverrides.Builder toOverrides() {
    return SpecOverrides.builder()
        .specFile(spec)
        .name(name)
        .arches(arches)
        .pythonVersion(pythonVersion)
        .runtime(runtime)
        .pythonArchive(pythonArchive, pythonSha256)
        .compilePythonArchive(compilePythonArchive, compilePythonSha256)
        .requirementsFile(requirements)
        .indexUrl(indexUrl)
        .extraIndexUrls(extraIndexUrls)
        .findLinks(findLinks)
        .noIndex(noIndex);
  }
}
