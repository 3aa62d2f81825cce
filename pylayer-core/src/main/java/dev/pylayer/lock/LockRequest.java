package dev.pylayer.lock;

import dev.pylayer.files.Sha256;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.TargetEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to lock: requirements and constraints (PEP 508), the targets to resolve for at once, the
 * other inputs that change the result (index URLs, find-links, an explicit interpreter archive),
 * the interpreter archive of each architecture to record, and an existing lock whose versions are
 * kept unless upgraded. Immutable; made with {@link #builder()}.
 */
public final class LockRequest {

  private final List<Requirement> requirements;
  private final List<Requirement> constraints;
  private final List<TargetEnvironment> targets;
  private final boolean prereleases;
  private final List<String> settings;
  private final Map<Arch, InterpreterArchive> interpreters;
  private final LockFile existing;
  private final boolean upgradeAll;
  private final Set<PackageName> upgradePackages;

  private LockRequest(Builder b) {
    this.requirements = List.copyOf(b.requirements);
    this.constraints = List.copyOf(b.constraints);
    this.targets = List.copyOf(new LinkedHashSet<>(b.targets));
    this.prereleases = b.prereleases;
    this.settings = List.copyOf(b.settings);
    EnumMap<Arch, InterpreterArchive> copy = new EnumMap<>(Arch.class);
    copy.putAll(b.interpreters);
    this.interpreters = copy;
    this.existing = b.existing;
    this.upgradeAll = b.upgradeAll;
    this.upgradePackages = Set.copyOf(b.upgradePackages);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a lock needs at least one target");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Requirement> requirements() {
    return requirements;
  }

  public List<Requirement> constraints() {
    return constraints;
  }

  /** The targets, in order; the first one's choices are preferred for the others. */
  public List<TargetEnvironment> targets() {
    return targets;
  }

  /** Whether pre-releases may be chosen for every package. */
  public boolean prereleases() {
    return prereleases;
  }

  /** Other inputs that change the result, as text (e.g. {@code index-url=...}). */
  public List<String> settings() {
    return settings;
  }

  public Map<Arch, InterpreterArchive> interpreters() {
    return interpreters;
  }

  /** The lock to keep versions from, if any. */
  public Optional<LockFile> existing() {
    return Optional.ofNullable(existing);
  }

  /** Whether every package may move to its newest version ({@code --upgrade}). */
  public boolean upgradeAll() {
    return upgradeAll;
  }

  /** Packages that may move to their newest version ({@code --upgrade-package}). */
  public Set<PackageName> upgradePackages() {
    return upgradePackages;
  }

  /**
   * The sha256 (hex) of the normalized inputs that decide the resolution: requirements and
   * constraints (each normalized, sorted: their order does not matter), the targets (in order),
   * the pre-release switch and the settings. Upgrades and the existing lock are not inputs: they
   * choose among results, they do not change what is asked. A build compares it with the lock's
   * to notice a spec edited since the lock was made.
   */
  public String fingerprint() {
    StringBuilder b = new StringBuilder("pylayer-lock-inputs-v1\n");
    b.append("requirements\n");
    sorted(requirements).forEach(r -> b.append("  ").append(r).append('\n'));
    b.append("constraints\n");
    sorted(constraints).forEach(r -> b.append("  ").append(r).append('\n'));
    b.append("targets\n");
    for (TargetEnvironment t : targets) {
      b.append("  ").append(t.arch().wheelMachine()).append(' ').append(t.pythonFullVersion())
          .append(" glibc ").append(t.glibc()).append('\n');
    }
    b.append("prereleases ").append(prereleases).append('\n');
    b.append("settings\n");
    settings.forEach(s -> b.append("  ").append(s).append('\n'));
    return Sha256.of(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static TreeSet<String> sorted(List<Requirement> requirements) {
    TreeSet<String> out = new TreeSet<>();
    requirements.forEach(r -> out.add(r.toString()));
    return out;
  }

  /** Builds a {@link LockRequest}. */
  public static final class Builder {
    private final List<Requirement> requirements = new ArrayList<>();
    private final List<Requirement> constraints = new ArrayList<>();
    private final List<TargetEnvironment> targets = new ArrayList<>();
    private boolean prereleases;
    private final List<String> settings = new ArrayList<>();
    private final Map<Arch, InterpreterArchive> interpreters = new EnumMap<>(Arch.class);
    private LockFile existing;
    private boolean upgradeAll;
    private final Set<PackageName> upgradePackages = new LinkedHashSet<>();

    private Builder() {}

    public Builder requirements(List<Requirement> all) {
      all.forEach(r -> requirements.add(Objects.requireNonNull(r)));
      return this;
    }

    public Builder constraints(List<Requirement> all) {
      all.forEach(r -> constraints.add(Objects.requireNonNull(r)));
      return this;
    }

    public Builder targets(List<TargetEnvironment> all) {
      all.forEach(t -> targets.add(Objects.requireNonNull(t)));
      return this;
    }

    public Builder prereleases(boolean value) {
      this.prereleases = value;
      return this;
    }

    /** Adds an input that changes the result, as text, e.g. {@code "index-url=https://..."}. */
    public Builder setting(String value) {
      settings.add(Objects.requireNonNull(value));
      return this;
    }

    public Builder interpreter(Arch arch, InterpreterArchive archive) {
      interpreters.put(Objects.requireNonNull(arch), Objects.requireNonNull(archive));
      return this;
    }

    public Builder existing(LockFile value) {
      this.existing = value;
      return this;
    }

    public Builder upgradeAll(boolean value) {
      this.upgradeAll = value;
      return this;
    }

    public Builder upgradePackages(Set<PackageName> value) {
      upgradePackages.addAll(value);
      return this;
    }

    public LockRequest build() {
      return new LockRequest(this);
    }
  }
}
