package dev.pylayer.lock;

import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link PackageSource} from a table written in the test: versions, dependencies, flags. */
final class InMemorySource implements PackageSource {

  private final Map<PackageName, Map<Version, Entry>> projects = new HashMap<>();
  final List<String> metadataCalls = new ArrayList<>();

  private static final class Entry {
    final List<Requirement> requires = new ArrayList<>();
    boolean yanked;
    String unusable;
    String unusableByMetadata;
  }

  /** Adds {@code name==version} depending on {@code requires}. */
  InMemorySource add(String name, String version, String... requires) {
    Entry e = entry(name, version);
    for (String r : requires) {
      e.requires.add(Requirement.parse(r));
    }
    return this;
  }

  InMemorySource yanked(String name, String version) {
    entry(name, version).yanked = true;
    return this;
  }

  InMemorySource unusable(String name, String version, String reason) {
    entry(name, version).unusable = reason;
    return this;
  }

  InMemorySource unusableByMetadata(String name, String version, String reason) {
    entry(name, version).unusableByMetadata = reason;
    return this;
  }

  private Entry entry(String name, String version) {
    return projects.computeIfAbsent(PackageName.of(name), k -> new LinkedHashMap<>())
        .computeIfAbsent(Version.parse(version), k -> new Entry());
  }

  @Override
  public List<CandidateVersion> versions(PackageName project) {
    List<CandidateVersion> out = new ArrayList<>();
    projects.getOrDefault(project, Map.of()).forEach((v, e) -> out.add(e.unusable != null
        ? CandidateVersion.unusable(v, e.unusable) : CandidateVersion.usable(v, e.yanked)));
    return out;
  }

  @Override
  public VersionMetadata metadata(PackageName project, Version version) {
    metadataCalls.add(project + "==" + version);
    Entry e = projects.get(project).get(version);
    return e.unusableByMetadata != null ? VersionMetadata.unusable(e.unusableByMetadata)
        : VersionMetadata.of(e.requires);
  }
}
