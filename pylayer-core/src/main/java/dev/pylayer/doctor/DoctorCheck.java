package dev.pylayer.doctor;

import java.util.List;

/** One area {@code pylayer doctor} looks at. */
interface DoctorCheck {

  /** What this machine has and lacks in this area; never throws for a missing tool or file. */
  List<Finding> run(DoctorEnvironment environment);
}
