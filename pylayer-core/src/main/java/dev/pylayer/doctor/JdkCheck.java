package dev.pylayer.doctor;

import java.util.List;

/** pylayer needs Java 17 or newer (it is compiled with --release 17). */
final class JdkCheck implements DoctorCheck {

  static final int MINIMUM = 17;

  @Override
  public List<Finding> run(DoctorEnvironment environment) {
    int version = environment.javaFeatureVersion();
    String vendor = System.getProperty("java.vendor", "") + " "
        + System.getProperty("java.runtime.version", "");
    if (version >= MINIMUM) {
      return List.of(Finding.ok("jdk", "Java " + version + " (" + vendor.strip() + ")"));
    }
    return List.of(Finding.fail("jdk", "Java " + version + " is too old: pylayer needs "
        + MINIMUM + " or newer", "install a JDK 17+ (e.g. apt-get install openjdk-17-jdk) and"
        + " point JAVA_HOME at it"));
  }
}
