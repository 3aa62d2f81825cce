package dev.pylayer.sbom;

import dev.pylayer.wheel.CoreMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The licence of a distribution as its core metadata states it: a PEP 639 {@code
 * License-Expression} (SPDX) when present; else the short {@code License} field and the names of
 * {@code License ::} classifiers. Long {@code License} fields hold the whole licence text and are
 * left out.
 *
 * @param expression the SPDX expression, if the metadata gives one
 * @param names licence names otherwise (possibly none)
 */
public record Licenses(Optional<String> expression, List<String> names) {

  private static final int MAX_NAME_LENGTH = 100;

  public Licenses {
    names = List.copyOf(names);
  }

  /** Reads the licence fields of {@code metadata}. */
  public static Licenses of(CoreMetadata metadata) {
    Optional<String> expression = metadata.get("License-Expression")
        .map(String::strip).filter(s -> !s.isEmpty());
    if (expression.isPresent()) {
      return new Licenses(expression, List.of());
    }
    Set<String> names = new LinkedHashSet<>();
    metadata.get("License").map(String::strip)
        .filter(s -> !s.isEmpty() && s.length() <= MAX_NAME_LENGTH && !s.contains("\n")
            && !s.equalsIgnoreCase("UNKNOWN"))
        .ifPresent(names::add);
    for (String classifier : metadata.getAll("Classifier")) {
      if (classifier.startsWith("License ::")) {
        String[] parts = classifier.split("::");
        String last = parts[parts.length - 1].strip();
        if (!last.isEmpty() && !last.equals("OSI Approved")) {
          names.add(last);
        }
      }
    }
    return new Licenses(Optional.empty(), new ArrayList<>(names));
  }

  /** Nothing stated. */
  public static Licenses none() {
    return new Licenses(Optional.empty(), List.of());
  }
}
