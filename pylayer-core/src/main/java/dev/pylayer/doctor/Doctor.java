package dev.pylayer.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code pylayer doctor}: what this machine can do and what it lacks for building and publishing
 * layers, each lack with its fix. Runs every check; none of them changes anything but a probe
 * file in the cache directory.
 */
public final class Doctor {

  private static final List<DoctorCheck> CHECKS = List.of(new JdkCheck(), new CacheCheck(),
      new IndexCheck(), new CatalogCheck(), new EmulationCheck(), new StripToolCheck(),
      new AwsCheck());

  private Doctor() {}

  public static DoctorReport examine(DoctorEnvironment environment) {
    List<Finding> findings = new ArrayList<>();
    for (DoctorCheck check : CHECKS) {
      findings.addAll(check.run(environment));
    }
    return new DoctorReport(findings);
  }
}
