package dev.pylayer.pep;

/**
 * A marker names a value the environment does not define, e.g. {@code extras} outside a lock
 * file; packaging's {@code UndefinedEnvironmentName}.
 */
public final class UndefinedEnvironmentNameException extends MarkerEvaluationException {

  private final String name;

  UndefinedEnvironmentNameException(String name, MarkerContext context) {
    super(
        "the marker uses '"
            + name
            + "', which the environment does not define"
            + hint(name, context));
    this.name = name;
  }

  private static String hint(String name, MarkerContext context) {
    if (name.equals("extras") || name.equals("dependency_groups")) {
      return " (it exists in lock files: evaluate with MarkerContext.LOCK_FILE or set it on the"
          + " environment; context was "
          + context
          + ")";
    }
    if (name.equals("extra")) {
      return " (set an extra on the environment or evaluate in the METADATA context)";
    }
    return " (set it on the MarkerEnvironment)";
  }

  /** The undefined marker name. */
  public String name() {
    return name;
  }
}
