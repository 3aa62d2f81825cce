package dev.pylayer.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SafePathsTest {

  @Test
  void normalizesDotSegmentsAndSlashes() throws Exception {
    assertThat(SafePaths.normalizeEntryName("a.tar", "./python//bin/./python3.11"))
        .isEqualTo("python/bin/python3.11");
    assertThat(SafePaths.normalizeEntryName("a.tar", "python/lib/")).isEqualTo("python/lib");
    assertThat(SafePaths.normalizeEntryName("a.tar", "./")).isEmpty();
  }

  @Test
  void refusesNamesThatCouldLeaveTheRoot() {
    for (String name : new String[] {"/etc/passwd", "python/../../x", "..", "a/..", "C:/x",
        "c:\\x", "python\\..\\x", "a\0b", ""}) {
      assertThatThrownBy(() -> SafePaths.normalizeEntryName("evil.tar", name))
          .as(name)
          .isInstanceOf(UnsafeArchiveException.class)
          .hasMessageStartingWith("evil.tar: refusing entry '" + name + "'");
    }
  }

  @Test
  void resolvesLinkTargetsRelativeToTheLinksDirectory() throws Exception {
    assertThat(SafePaths.resolveLinkTarget("a", "python/bin/python3", "python/bin/python3",
        "python3.11")).isEqualTo("python/bin/python3.11");
    assertThat(SafePaths.resolveLinkTarget("a", "l", "python/lib/x", "../../python/./bin"))
        .isEqualTo("python/bin");
    assertThat(SafePaths.resolveLinkTarget("a", "l", "top", ".")).isEmpty();
  }

  @Test
  void refusesLinkTargetsOutsideTheRoot() {
    assertThatThrownBy(() -> SafePaths.resolveLinkTarget("a.zip", "python/x", "python/x",
        "../../etc"))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageContaining("'python/x'")
        .hasMessageContaining("outside the extraction root");
    assertThatThrownBy(() -> SafePaths.resolveLinkTarget("a.zip", "python/x", "python/x", "/etc"))
        .hasMessageContaining("absolute path '/etc'");
    assertThatThrownBy(() -> SafePaths.resolveLinkTarget("a.zip", "python/x", "python/x", ""))
        .hasMessageContaining("empty target");
  }

  @Test
  void unixModesRoundTrip() {
    for (int mode : new int[] {0, 0755, 0644, 0777, 0400, 0111}) {
      assertThat(UnixModes.fromPermissions(UnixModes.toPermissions(mode))).isEqualTo(mode);
    }
    assertThat(UnixModes.toString(0754)).isEqualTo("rwxr-xr--");
    assertThat(UnixModes.fromPermissions(UnixModes.toPermissions(0104755))).isEqualTo(0755);
  }
}
