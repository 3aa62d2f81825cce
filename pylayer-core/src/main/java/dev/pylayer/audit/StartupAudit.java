package dev.pylayer.audit;

import java.util.List;
import java.util.Optional;

/**
 * What the start-up code audit found and what it refused.
 *
 * @param files every file that runs at interpreter start (listed in the report either way)
 * @param refused those whose distribution is not allowed to run code at start-up
 */
public record StartupAudit(List<StartupFile> files, List<StartupFile> refused) {

  public StartupAudit {
    files = List.copyOf(files);
    refused = List.copyOf(refused);
  }

  /** Nothing found. */
  public static StartupAudit empty() {
    return new StartupAudit(List.of(), List.of());
  }

  /** The error for the refused files: what runs, why that matters, how to allow it. */
  public Optional<String> refusalMessage() {
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder("the layer would run code at every interpreter start"
        + " that no one asked for:");
    for (StartupFile file : refused) {
      text.append("\n  ").append(file.path()).append(" (").append(file.kind().description())
          .append(", from ").append(file.distribution().orElse("no installed distribution"))
          .append(')');
      for (String line : file.executableLines().stream().limit(3).toList()) {
        text.append("\n      ").append(line.length() > 160 ? line.substring(0, 160) + "..." : line);
      }
    }
    List<String> names = refused.stream().map(f -> f.distribution().orElse(null))
        .filter(java.util.Objects::nonNull).distinct().sorted().toList();
    text.append("\nSuch code runs in every process that starts the interpreter, before the"
        + " handler and without any import, and sees its environment (AWS credentials, API"
        + " keys): litellm 1.82.7 and 1.82.8 stole credentials this way (BerriAI/litellm#24512)."
        + " Read the lines above");
    if (!names.isEmpty()) {
      text.append("; if you trust them, allow the distribution by name: [audit]"
          + " allow-startup-code = [");
      text.append(String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList()));
      text.append("] in the spec, or --allow-startup-code ")
          .append(String.join(" --allow-startup-code ", names));
    }
    if (refused.stream().anyMatch(f -> f.distribution().isEmpty())) {
      text.append("; files from no installed distribution came with the interpreter archive:"
          + " use an archive without them (python-build-standalone's install_only builds)");
    }
    return Optional.of(text.toString());
  }
}
