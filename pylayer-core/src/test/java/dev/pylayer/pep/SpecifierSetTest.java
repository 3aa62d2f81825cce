package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SpecifierSetTest {

  private static List<Version> versions(String... vs) {
    return Stream.of(vs).map(Version::parse).collect(Collectors.toList());
  }

  @Test
  void filterKeepsPrereleasesOnlyWhenNoFinalReleaseMatches() {
    SpecifierSet set = SpecifierSet.parse(">=1.0");
    assertThat(set.filter(versions("0.9", "1.0", "2.0b1", "1.5"), null))
        .containsExactlyElementsOf(versions("1.0", "1.5"));
    assertThat(set.filter(versions("0.9", "2.0b1", "2.0rc1"), null))
        .containsExactlyElementsOf(versions("2.0b1", "2.0rc1"));
    assertThat(set.filter(versions("0.9", "1.0", "2.0b1"), true))
        .containsExactlyElementsOf(versions("1.0", "2.0b1"));
    assertThat(set.filter(versions("0.9", "2.0b1"), false)).isEmpty();
  }

  @Test
  void aSpecifierNamingAPrereleaseAdmitsPrereleases() {
    SpecifierSet set = SpecifierSet.parse(">=2.0b1,<3");
    assertThat(set.prereleases()).isTrue();
    assertThat(set.filter(versions("2.0b1", "2.0", "2.1rc1"), null))
        .containsExactlyElementsOf(versions("2.0b1", "2.0", "2.1rc1"));
    assertThat(SpecifierSet.parse("!=2.0b1").prereleases()).isNull();
  }

  @Test
  void containsAdmitsALonePrereleaseUnlessForbidden() {
    SpecifierSet set = SpecifierSet.parse(">=1.0");
    Version beta = Version.parse("2.0b1");
    assertThat(set.contains(beta, null)).isTrue();
    assertThat(set.contains(beta, false)).isFalse();
    assertThat(set.withPrereleases(false).contains(beta, null)).isFalse();
    assertThat(set.withPrereleases(false).contains(beta, true)).isTrue();
  }

  @Test
  void filterWithAKeyKeepsItemsInOrder() {
    record Candidate(String file, Version version) {}
    List<Candidate> candidates =
        List.of(
            new Candidate("a-2.0.whl", Version.parse("2.0")),
            new Candidate("a-1.0.whl", Version.parse("1.0")),
            new Candidate("a-3.0a1.whl", Version.parse("3.0a1")));
    assertThat(SpecifierSet.parse(">=1.5").filter(candidates, Candidate::version, null))
        .extracting(Candidate::file)
        .containsExactly("a-2.0.whl");
  }

  @Test
  void intersectionNormalizesAndDetectsConflicts() {
    SpecifierSet a = SpecifierSet.parse(">=1.0,!=1.3");
    SpecifierSet b = SpecifierSet.parse("<2,>=1.0.0");
    SpecifierSet both = a.and(b);
    assertThat(both.toString()).isEqualTo("!=1.3,<2,>=1.0");
    assertThat(both).isEqualTo(SpecifierSet.parse("<2, >=1.0, !=1.3"));
    assertThat(both.contains(Version.parse("1.3"), null)).isFalse();
    assertThat(both.isUnsatisfiable()).isFalse();
    assertThat(both.and(SpecifierSet.parse("==2.*")).isUnsatisfiable()).isTrue();
  }

  @Test
  void emptySetMatchesEverything() {
    SpecifierSet empty = SpecifierSet.parse(" , ");
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty).isEqualTo(SpecifierSet.empty());
    assertThat(empty.toString()).isEmpty();
    assertThat(empty.contains(Version.parse("0.0.1.dev1"), null)).isTrue();
    assertThat(empty.isUnsatisfiable()).isFalse();
  }

  @Test
  void arbitraryEqualityComparesTheStringAsWritten() {
    SpecifierSet set = SpecifierSet.parse("===1.0");
    assertThat(set.contains("1.0", null)).isTrue();
    assertThat(set.contains("1.0.0", null)).isFalse();
    assertThat(set.contains(Version.parse("1.0"), null)).isTrue();
    assertThat(SpecifierSet.parse("===foobar").contains("FooBar", null)).isTrue();
  }
}
