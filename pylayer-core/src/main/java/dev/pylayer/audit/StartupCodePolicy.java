package dev.pylayer.audit;

import dev.pylayer.pep.PackageName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which distributions may ship code that runs at interpreter start ({@code [audit]
 * allow-startup-code} in the spec, {@code --allow-startup-code} on the command line). Everything
 * else found by {@link StartupCodeScanner} is refused.
 */
public final class StartupCodePolicy {

  private final Set<String> allowed;

  private StartupCodePolicy(Set<String> allowed) {
    this.allowed = allowed;
  }

  /** A policy allowing the named distributions (any spelling; compared normalized). */
  public static StartupCodePolicy allowing(List<String> distributions) {
    Set<String> names = new TreeSet<>();
    distributions.forEach(d -> names.add(PackageName.normalize(d)));
    return new StartupCodePolicy(names);
  }

  /** The allowed distributions, normalized. */
  public Set<String> allowed() {
    return Set.copyOf(allowed);
  }

  /** Applies the policy to what the scanner found. */
  public StartupAudit evaluate(List<StartupFile> files) {
    List<StartupFile> refused = new ArrayList<>();
    for (StartupFile file : files) {
      Optional<String> owner = file.distribution().map(PackageName::normalize);
      if (owner.isEmpty() || !allowed.contains(owner.get())) {
        refused.add(file);
      }
    }
    return new StartupAudit(files, refused);
  }
}
