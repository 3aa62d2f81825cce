package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MarkerTest {

  private static final MarkerEnvironment LINUX =
      TargetEnvironment.of("3.11", Arch.X86_64, 2, 26).markerEnvironment();

  @Test
  void requiresDistMarkersHoldForAnyRequestedExtra() {
    Marker m = Marker.parse("extra == 'Socks_Proxy' and python_version >= '3.8'");
    assertThat(m.toString()).isEqualTo("extra == \"socks-proxy\" and python_version >= \"3.8\"");
    assertThat(m.evaluate(LINUX)).isFalse();
    assertThat(m.evaluate(LINUX, Set.of())).isFalse();
    assertThat(m.evaluate(LINUX, Set.of("security", "socks.proxy"))).isTrue();
    assertThat(m.evaluate(LINUX.withExtra("SOCKS-proxy"))).isTrue();
    assertThat(Marker.parse("python_version >= '3.8'").evaluate(LINUX, Set.of("anything"))).isTrue();
  }

  @Test
  void andBindsTighterThanOrAndGroupsKeepTheirParentheses() {
    Marker m = Marker.parse("os_name=='nt' or os_name=='posix' and python_version<'3'");
    assertThat(m.evaluate(LINUX)).isFalse();
    Marker grouped = Marker.parse("(os_name=='nt' or os_name=='posix') and python_version>'3'");
    assertThat(grouped.evaluate(LINUX)).isTrue();
    assertThat(grouped.toString())
        .isEqualTo("(os_name == \"nt\" or os_name == \"posix\") and python_version > \"3\"");
    assertThat(Marker.parse("((os_name == 'posix'))").toString()).isEqualTo("os_name == \"posix\"");
  }

  @Test
  void combinesMarkers() {
    Marker a = Marker.parse("os_name == 'nt' or os_name == 'posix'");
    Marker b = Marker.parse("python_version < '3.10'");
    assertThat(a.and(b).toString())
        .isEqualTo("(os_name == \"nt\" or os_name == \"posix\") and python_version < \"3.10\"");
    assertThat(a.and(b).evaluate(LINUX)).isFalse();
    assertThat(a.or(b).evaluate(LINUX)).isTrue();
    assertThat(a.and(b)).isEqualTo(Marker.parse(a.and(b).toString()));
  }

  @Test
  void versionMarkersCompareAsVersionsOthersAsStrings() {
    assertThat(Marker.parse("python_version > '3.9'").evaluate(LINUX)).isTrue(); // 3.11 > 3.9
    assertThat(Marker.parse("python_full_version == '3.11.*'").evaluate(LINUX)).isTrue();
    // Not a version marker: < and > are false, <= and >= mean equal.
    assertThat(Marker.parse("platform_machine > 'a'").evaluate(LINUX)).isFalse();
    assertThat(Marker.parse("platform_machine >= 'x86_64'").evaluate(LINUX)).isTrue();
    assertThat(Marker.parse("'86' in platform_machine").evaluate(LINUX)).isTrue();
    assertThat(Marker.parse("'arm' not in platform_machine").evaluate(LINUX)).isTrue();
    assertThatThrownBy(() -> Marker.parse("platform_machine ~= 'x86'").evaluate(LINUX))
        .isInstanceOf(UndefinedComparisonException.class);
  }

  @Test
  void twoMarkersCompareTheirValues() {
    // PEP 508 semantics (packaging compares the left value with the right marker's name instead).
    MarkerEnvironment env = LINUX.toBuilder().osName("linux").build();
    assertThat(Marker.parse("os_name == sys_platform").evaluate(env)).isTrue();
    assertThat(Marker.parse("os_name == sys_platform").evaluate(LINUX)).isFalse();
  }

  @Test
  void lockFileContextDefinesEmptyExtrasAndGroups() {
    Marker m = Marker.parse("'Dev_Tools' in dependency_groups or 'cli' in extras");
    assertThat(m.toString()).isEqualTo("\"dev-tools\" in dependency_groups or \"cli\" in extras");
    assertThat(m.evaluate(LINUX, MarkerContext.LOCK_FILE)).isFalse();
    MarkerEnvironment lock = LINUX.toBuilder().dependencyGroups(Set.of("dev.tools")).build();
    assertThat(m.evaluate(lock, MarkerContext.LOCK_FILE)).isTrue();
    assertThatThrownBy(() -> m.evaluate(LINUX, MarkerContext.REQUIREMENT))
        .isInstanceOf(UndefinedEnvironmentNameException.class);
    assertThatThrownBy(() -> Marker.parse("extra == ''").evaluate(LINUX, MarkerContext.REQUIREMENT))
        .isInstanceOf(UndefinedEnvironmentNameException.class);
  }

  @Test
  void quotedStringsAreEvaluatedAsPythonLiterals() {
    assertThat(Marker.parse("os_name == '\\x70osix'").evaluate(LINUX)).isTrue();
    assertThat(Marker.parse("os_name == 'a\"b'").toString()).isEqualTo("os_name == 'a\"b'");
    assertThatThrownBy(() -> Marker.parse("os_name == 'a\\x27\"'"))
        .hasMessageContaining("both quote characters");
  }

  @Test
  void untaggedPythonBuildsStillCompareAsVersions() {
    // Untagged CPython builds report "3.13.0+"; packaging reads it as 3.13.0+local.
    MarkerEnvironment env = LINUX.toBuilder().pythonFullVersion("3.13.0+").build();
    assertThat(Marker.parse("python_full_version >= '3.13'").evaluate(env)).isTrue();
    assertThat(Marker.parse("python_full_version == '3.13.0'").evaluate(env)).isTrue();
    assertThat(Marker.parse("python_full_version > '3.12'").evaluate(env)).isTrue();
  }
}
