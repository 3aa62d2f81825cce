package dev.pylayer.maven;

import dev.pylayer.pipeline.BuildContext;
import dev.pylayer.pipeline.BuildException;
import dev.pylayer.pipeline.LayerSpec;
import dev.pylayer.pipeline.SpecOverrides;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: the spec ({@code pylayer.toml} beside the POM, or {@code <spec>}) with
 * the POM's configuration on top, through core's {@link SpecOverrides} exactly as the CLI's flags;
 * the build context; Maven's offline mode and proxies; errors as Maven failures carrying core's
 * message unchanged.
 */
abstract class AbstractPylayerMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  /** The spec file; default: pylayer.toml beside the POM when it exists, else the defaults. */
  @Parameter(property = "pylayer.spec")
  File spec;

  /** Layer name: the zip is python-NAME-ARCH.zip. */
  @Parameter(property = "pylayer.name")
  String name;

  /** arm64 and/or x86_64, comma-separated: one layer each. */
  @Parameter(property = "pylayer.arch")
  String arch;

  /** Python minor version, e.g. 3.11. */
  @Parameter(property = "pylayer.pythonVersion")
  String pythonVersion;

  /** The consuming function's Lambda runtime (sets the glibc ceiling), e.g. java21. */
  @Parameter(property = "pylayer.runtime")
  String runtime;

  /** A python-build-standalone install_only archive (path or URL) instead of the catalog's. */
  @Parameter(property = "pylayer.pythonArchive")
  String pythonArchive;

  /** The sha256 of pythonArchive. */
  @Parameter(property = "pylayer.pythonSha256")
  String pythonSha256;

  /** Top-level requirements (PEP 508); replace the spec's. */
  @Parameter
  List<String> requirements;

  /** A requirements file in pip's format (all pinned: installed as given, no lock). */
  @Parameter(property = "pylayer.requirementsFile")
  File requirementsFile;

  /** The lock file (default: the spec's, else pylock.toml beside the POM). */
  @Parameter(property = "pylayer.lockFile")
  File lockFile;

  @Parameter(property = "pylayer.indexUrl")
  String indexUrl;

  @Parameter
  List<String> extraIndexUrls;

  /** Directories or pages of wheels. */
  @Parameter
  List<String> findLinks;

  @Parameter(property = "pylayer.noIndex")
  Boolean noIndex;

  /** Where layer-build-ARCH/ directories go. */
  @Parameter(property = "pylayer.outputDirectory", defaultValue = "${project.build.directory}")
  File outputDirectory;

  /** Budget for the zip in MB (1 MB = 1,000,000 bytes). */
  @Parameter(property = "pylayer.maxSizeMb")
  Double maxSizeMb;

  /** dir or zip. */
  @Parameter(property = "pylayer.layout")
  String layout;

  /** none, balanced or size. */
  @Parameter(property = "pylayer.optimize")
  String optimize;

  /** Extra pruning rules files, after the spec's. */
  @Parameter
  List<File> pruneRules;

  /** Pruning rules switched off by name ('all' for every rule), after the spec's. */
  @Parameter
  List<String> noPrune;

  /** Distributions the import tracer never drops nor replaces by a stand-in, after the spec's. */
  @Parameter
  List<String> keep;

  /** stdlib,packages or none. */
  @Parameter(property = "pylayer.sourceless")
  String sourceless;

  /** Whether re-export-only packages import their submodules on first use (default by level). */
  @Parameter(property = "pylayer.lazyReexports")
  Boolean lazyReexports;

  /** Python code the smoke test runs in the built layer. */
  @Parameter(property = "pylayer.smokeCode")
  String smokeCode;

  /** false: no smoke test. */
  @Parameter(property = "pylayer.smoke")
  Boolean smoke;

  /** Skip this goal. */
  @Parameter(property = "pylayer.skip", defaultValue = "false")
  boolean skip;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("pylayer: skipped (pylayer.skip)");
      return;
    }
    try (MavenProxies proxies = MavenProxies.apply(session.getSettings(), session.isOffline(),
        getLog())) {
      run();
    } catch (IllegalArgumentException | BuildException | dev.pylayer.aws.PublishException e) {
      // Core's message as the CLI prints it, so both front ends fail the same way.
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException | UncheckedIOException e) {
      throw new MojoExecutionException("pylayer: " + e.getMessage(), e);
    }
  }

  abstract void run() throws IOException, MojoExecutionException, MojoFailureException;

  /** The project's directory: relative paths in the POM and pylayer.toml's default place. */
  Path baseDir() {
    return project.getBasedir().toPath();
  }

  /** The spec file with this POM's configuration on top (core's overrides, as the CLI). */
  LayerSpec resolveSpec() {
    SpecOverrides.Builder overrides = SpecOverrides.builder()
        .specFile(path(spec))
        .name(name)
        .arches(split(arch))
        .pythonVersion(pythonVersion)
        .runtime(runtime)
        .pythonArchive(pythonArchive, pythonSha256)
        .requirements(requirements)
        .requirementsFile(path(requirementsFile))
        .lockFile(path(lockFile))
        .indexUrl(indexUrl)
        .extraIndexUrls(extraIndexUrls)
        .findLinks(findLinks)
        .noIndex(noIndex)
        .outDir(path(outputDirectory))
        .maxSizeMb(maxSizeMb)
        .layout(layout)
        .optimize(optimize)
        .addPruneRuleFiles(pruneRules == null ? null
            : pruneRules.stream().map(File::toPath).toList())
        .addDisabledPruneRules(noPrune)
        .addKeepDistributions(keep)
        .sourceless(sourceless)
        .lazyReexports(lazyReexports)
        .smokeCode(smokeCode)
        .smokeEnabled(smoke);
    return overrides.build().resolve(baseDir());
  }

  /** The build context: this process's environment, the project directory, Maven's log. */
  BuildContext context() {
    return BuildContext.builder()
        .env(System.getenv())
        .home(Path.of(System.getProperty("user.home")))
        .workingDir(baseDir())
        .listener(new MavenLogListener(getLog()))
        .build();
  }

  private static Path path(File file) {
    return file == null ? null : file.toPath();
  }

  private static List<String> split(String commaSeparated) {
    if (commaSeparated == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (String value : commaSeparated.split(",")) {
      if (!value.isBlank()) {
        values.add(value.strip());
      }
    }
    return values;
  }
}
