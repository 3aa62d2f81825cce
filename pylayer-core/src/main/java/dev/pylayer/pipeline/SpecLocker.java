package dev.pylayer.pipeline;

import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSettings;
import dev.pylayer.install.RequirementLine;
import dev.pylayer.install.RequirementsFile;
import dev.pylayer.interpreter.InterpreterSource;
import dev.pylayer.lock.InterpreterArchive;
import dev.pylayer.lock.LockFile;
import dev.pylayer.lock.LockFileFormat;
import dev.pylayer.lock.LockRequest;
import dev.pylayer.lock.Locker;
import dev.pylayer.lock.ResolutionException;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.InvalidRequirementException;
import dev.pylayer.pep.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Locks a {@link LayerSpec}: turns its requirements and constraints (or a loose requirements
 * file), targets, index options and interpreter into a {@link LockRequest}, resolves it with the
 * versions of the existing lock preferred, and writes {@code pylock.toml} atomically. Shared by
 * {@code pylayer lock} and by {@code pylayer build} when there is no lock yet.
 */
public final class SpecLocker {

  private final BuildContext context;

  public SpecLocker(BuildContext context) {
    this.context = context;
  }

  /** What a spec asks to resolve, and the index options that apply. */
  record Inputs(List<Requirement> requirements, List<Requirement> constraints, boolean pre,
      IndexSettings index, String origin) {}

  /** The requirements, constraints and index options of {@code spec}. */
  Inputs inputs(LayerSpec spec) throws IOException {
    if (spec.requirementsFile().isPresent()) {
      PinnedRequirementsPlanner reader = new PinnedRequirementsPlanner(context);
      RequirementsFile file = reader.read(spec.requirementsFile().get());
      return new Inputs(parse(file.requirements()), parse(file.constraints()), file.pre(),
          reader.indexSettings(file, spec.index()), file.files().get(0).toString());
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String r : spec.requirements()) {
      requirements.add(parse(r, "[packages] requirements"));
    }
    List<Requirement> constraints = new ArrayList<>();
    for (String c : spec.constraints()) {
      constraints.add(parse(c, "[packages] constraints"));
    }
    return new Inputs(requirements, constraints, false, spec.index(), "the spec");
  }

  private static List<Requirement> parse(List<RequirementLine> lines) {
    List<Requirement> out = new ArrayList<>();
    for (RequirementLine line : lines) {
      out.add(parse(line.requirement(), line.location()));
    }
    return out;
  }

  private static Requirement parse(String text, String where) {
    try {
      return Requirement.parse(text);
    } catch (InvalidRequirementException e) {
      throw new BuildException(where + ": '" + text + "' is not a valid requirement: "
          + e.getMessage());
    }
  }

  /** The lock request of {@code spec}, keeping versions from {@code existing} unless upgraded. */
  public LockRequest request(LayerSpec spec, LockOptions options, Optional<LockFile> existing)
      throws IOException {
    Inputs inputs = inputs(spec);
    LockRequest.Builder b = LockRequest.builder()
        .requirements(inputs.requirements())
        .constraints(inputs.constraints())
        .targets(spec.targets())
        .prereleases(inputs.pre())
        .upgradeAll(options.upgradeAll())
        .upgradePackages(options.upgradePackages());
    existing.ifPresent(b::existing);
    IndexSettings index = inputs.index();
    // Only what the spec and command line say decides the fingerprint: pip's configuration is
    // the machine's, and the same spec must keep its lock on a machine with another mirror.
    index.indexUrl().ifPresent(u -> b.setting("index-url=" + u));
    index.extraIndexUrls().ifPresent(l -> l.forEach(u -> b.setting("extra-index-url=" + u)));
    index.findLinks().ifPresent(l -> l.forEach(u -> b.setting("find-links=" + u)));
    index.noIndex().ifPresent(n -> b.setting("no-index=" + n));
    spec.pythonArchive().ifPresent(a -> b.setting("python-archive=" + a + " sha256="
        + spec.pythonSha256().orElse("")));
    InterpreterProvider interpreters = new InterpreterProvider(context);
    for (Arch arch : spec.arches()) {
      try {
        InterpreterSource source = interpreters.source(spec, arch);
        String location = source.file().map(p -> p.toAbsolutePath().toUri().toString())
            .orElse(source.location().toString());
        source.sha256().ifPresent(h -> b.interpreter(arch, new InterpreterArchive(location, h)));
      } catch (BuildException e) {
        // No interpreter for this arch in the catalog: the build says so; the lock only records.
        context.listener().warn(e.getMessage());
      }
    }
    return b.build();
  }

  /** The lock at {@code file} if it exists and can be read; a damaged one is only warned about. */
  Optional<LockFile> existing(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LockFileFormat.read(file));
    } catch (IOException e) {
      context.listener().warn(e.getMessage() + "; resolving from scratch");
      return Optional.empty();
    }
  }

  /**
   * Resolves {@code spec} and writes the lock to {@code output} (a spec's {@link
   * LayerSpec#lockFile()} by default), keeping the versions of the lock already there unless
   * upgraded.
   *
   * @throws BuildException with the resolver's explanation when there is no solution
   */
  public LockFile lock(LayerSpec spec, LockOptions options, Path output) throws IOException {
    LockFile lock = resolve(spec, options, output);
    write(lock, output);
    return lock;
  }

  /**
   * Resolves {@code spec} as {@link #lock} does, without writing: {@code pylayer build} writes the
   * lock only once the interpreter and wheels it names were verified, so a wrong archive hash or
   * Python version never leaves a lock that the next, correct run refuses.
   */
  LockFile resolve(LayerSpec spec, LockOptions options, Path output) throws IOException {
    LockRequest request = request(spec, options, existing(output));
    IndexClient index = context.indexClient(inputs(spec).index());
    context.listener().step("resolving " + request.requirements().size() + " requirements for "
        + request.targets().size() + " target(s)");
    LockFile lock;
    try {
      lock = Locker.create(index, context.downloadCache(), context.cacheRoot(),
          context.listener()::warn).screening(spec.supplyChain().releaseScreen()).lock(request);
    } catch (ResolutionException e) {
      throw new BuildException(e.getMessage() + seedConstraintHint(spec, options, output), e);
    } catch (dev.pylayer.audit.RefusedReleaseException e) {
      throw new BuildException(e.getMessage(), e);
    }
    return lock;
  }

  /**
   * When the spec sets no constraints, pylayer's defaults (the seed's pins) apply; if the
   * requirements resolve without them, they are what failed, and the message says how to clear
   * them. Empty otherwise.
   */
  private String seedConstraintHint(LayerSpec spec, LockOptions options, Path output) {
    if (spec.requirementsFile().isPresent() || spec.constraints().isEmpty()
        || !spec.constraints().equals(LayerSpec.DEFAULT_CONSTRAINTS)) {
      return "";
    }
    try {
      resolve(spec.toBuilder().constraints(List.of()).build(), options, output);
    } catch (IOException | RuntimeException e) {
      return ""; // fails without them too: they are not the cause
    }
    return "\nthe spec sets no constraints, so pylayer's default ones apply (the seed's pins: "
        + String.join(", ", LayerSpec.DEFAULT_CONSTRAINTS) + "), and one of them is what fails:"
        + " without them the requirements resolve. Clear them with constraints = [] under"
        + " [packages] in pylayer.toml, or give the constraints you want";
  }

  /** Writes {@code lock} to {@code output} atomically. */
  void write(LockFile lock, Path output) throws IOException {
    LockFileFormat.write(lock, output);
    context.listener().info("wrote " + output + " (" + lock.packages().size() + " packages)");
  }
}
