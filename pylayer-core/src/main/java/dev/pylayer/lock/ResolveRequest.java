package dev.pylayer.lock;

import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to resolve for one target: requirements (what must be installed), constraints (limits
 * on versions that apply only if a package is needed anyway), whether pre-releases are allowed
 * everywhere, and preferred versions (from an existing lock, or from the first target). Immutable.
 */
public final class ResolveRequest {

  private final List<Requirement> requirements;
  private final List<Requirement> constraints;
  private final boolean prereleases;
  private final Map<PackageName, Version> preferences;

  private ResolveRequest(Builder b) {
    this.requirements = List.copyOf(b.requirements);
    this.constraints = List.copyOf(b.constraints);
    this.prereleases = b.prereleases;
    this.preferences = Map.copyOf(b.preferences);
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

  /** Whether pre-releases may be chosen for every package ({@code --pre}). */
  public boolean prereleases() {
    return prereleases;
  }

  /** Versions to choose when still allowed, before the newest. */
  public Map<PackageName, Version> preferences() {
    return preferences;
  }

  /** Builds a {@link ResolveRequest}. */
  public static final class Builder {
    private final List<Requirement> requirements = new ArrayList<>();
    private final List<Requirement> constraints = new ArrayList<>();
    private boolean prereleases;
    private final Map<PackageName, Version> preferences = new LinkedHashMap<>();

    private Builder() {}

    public Builder requirement(Requirement requirement) {
      requirements.add(Objects.requireNonNull(requirement, "requirement"));
      return this;
    }

    public Builder requirements(List<Requirement> all) {
      all.forEach(this::requirement);
      return this;
    }

    public Builder constraint(Requirement constraint) {
      constraints.add(Objects.requireNonNull(constraint, "constraint"));
      return this;
    }

    public Builder constraints(List<Requirement> all) {
      all.forEach(this::constraint);
      return this;
    }

    public Builder prereleases(boolean prereleases) {
      this.prereleases = prereleases;
      return this;
    }

    public Builder prefer(PackageName name, Version version) {
      preferences.put(Objects.requireNonNull(name), Objects.requireNonNull(version));
      return this;
    }

    public Builder preferences(Map<PackageName, Version> all) {
      all.forEach(this::prefer);
      return this;
    }

    public ResolveRequest build() {
      return new ResolveRequest(this);
    }
  }
}
