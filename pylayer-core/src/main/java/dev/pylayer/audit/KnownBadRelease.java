package dev.pylayer.audit;

import java.util.List;

/**
 * One entry of a known-bad list: exact versions of a project that must never be used.
 *
 * @param name the project name, normalized (PEP 503)
 * @param versions the exact versions
 * @param incident a short reference, e.g. {@code BerriAI/litellm#24512}
 * @param url where to read about it
 * @param summary what is wrong, as a sentence fragment
 * @param source the list the entry came from (the bundled list or a user's file)
 */
public record KnownBadRelease(String name, List<String> versions, String incident, String url,
    String summary, String source) {

  public KnownBadRelease {
    versions = List.copyOf(versions);
  }

  /** The refusal, naming the release and the incident. */
  public String refusal(String project, String version) {
    return project + " " + version + " is a known-malicious release (" + incident + ": " + summary
        + (url.isEmpty() ? "" : "; " + url) + "). pylayer refuses it whatever the lock or the pins"
        + " say: pin another version (for example the one before), lock again, and check the"
        + " machines that installed it for stolen credentials";
  }
}
