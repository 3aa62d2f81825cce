package dev.pylayer.pep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Items to filter against specifiers, each with its version (null when its string is not PEP
 * 440), and the pre-release policies packaging applies while filtering them.
 */
final class Candidates {

  private Candidates() {}

  /** One item: its parsed version (or null) and, lazily, the text {@code ===} compares. */
  static final class Candidate<T> {
    final T item;
    final Version version;
    private final String text;

    Candidate(T item, Version version, String text) {
      this.item = item;
      this.version = version;
      this.text = text;
    }

    String text() {
      return text != null ? text : version.toString();
    }
  }

  static <T> List<Candidate<T>> ofVersions(List<T> items, Function<? super T, Version> versionOf) {
    List<Candidate<T>> out = new ArrayList<>(items.size());
    for (T item : items) {
      Version v = versionOf.apply(item);
      if (v == null) {
        throw new NullPointerException("no version for " + item);
      }
      out.add(new Candidate<>(item, v, null));
    }
    return out;
  }

  static List<Candidate<String>> ofStrings(List<String> items) {
    List<Candidate<String>> out = new ArrayList<>(items.size());
    for (String s : items) {
      out.add(new Candidate<>(s, VersionParser.tryParse(s), s));
    }
    return out;
  }

  /**
   * Keeps the items inside {@code ranges}; unparsable items never match. With {@code
   * prereleases} null, pre-releases are kept only when no final release matched (PEP 440's
   * default, which a resolver follows).
   */
  static <T> List<T> filterByRanges(
      List<VersionRanges.Interval> ranges, List<Candidate<T>> items, Boolean prereleases) {
    List<T> out = new ArrayList<>();
    if (prereleases == null) {
      List<T> buffered = new ArrayList<>();
      boolean foundFinal = false;
      for (Candidate<T> c : items) {
        if (c.version == null || !VersionRanges.contains(ranges, c.version)) {
          continue;
        }
        if (!c.version.isPrerelease()) {
          foundFinal = true;
          out.add(c.item);
        } else if (!foundFinal) {
          buffered.add(c.item);
        }
      }
      return foundFinal ? out : buffered;
    }
    boolean excludePre = !prereleases;
    for (Candidate<T> c : items) {
      if (c.version == null || (excludePre && c.version.isPrerelease())) {
        continue;
      }
      if (VersionRanges.contains(ranges, c.version)) {
        out.add(c.item);
      }
    }
    return out;
  }

  /**
   * Applies a pre-release policy to items that already matched: true keeps all, false drops
   * pre-releases, null drops them when a final release is present. Unparsable strings are kept
   * (they passed {@code ===}, and nothing says whether they are pre-releases).
   */
  static <T> List<T> applyPrereleasePolicy(List<Candidate<T>> matches, Boolean prereleases) {
    List<T> out = new ArrayList<>(matches.size());
    if (Boolean.TRUE.equals(prereleases)) {
      for (Candidate<T> c : matches) {
        out.add(c.item);
      }
      return out;
    }
    if (Boolean.FALSE.equals(prereleases)) {
      for (Candidate<T> c : matches) {
        if (c.version == null || !c.version.isPrerelease()) {
          out.add(c.item);
        }
      }
      return out;
    }
    List<T> nonFinal = new ArrayList<>();
    List<T> arbitrary = new ArrayList<>();
    boolean foundFinal = false;
    for (Candidate<T> c : matches) {
      if (c.version == null) {
        if (foundFinal) {
          out.add(c.item);
        } else {
          arbitrary.add(c.item);
          nonFinal.add(c.item);
        }
      } else if (!c.version.isPrerelease()) {
        if (!foundFinal) {
          out.addAll(arbitrary);
          foundFinal = true;
        }
        out.add(c.item);
      } else if (!foundFinal) {
        nonFinal.add(c.item);
      }
    }
    return foundFinal ? out : nonFinal;
  }
}
