package dev.pylayer.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.pep.Arch;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.pep.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ResolverTest {

  private static final TargetEnvironment X86 = TargetEnvironment.of("3.11", Arch.X86_64, 2, 34);

  private static Map<String, String> resolve(InMemorySource source, ResolveRequest request)
      throws Exception {
    Resolution r = Resolver.create(source, X86.markerEnvironment(), LockListener.NONE)
        .resolve(request);
    Map<String, String> out = new TreeMap<>();
    r.packages().forEach((n, p) -> out.put(n.value(), p.version().toString()));
    return out;
  }

  private static ResolveRequest require(String... requirements) {
    ResolveRequest.Builder b = ResolveRequest.builder();
    for (String r : requirements) {
      b.requirement(Requirement.parse(r));
    }
    return b.build();
  }

  @Test
  void choosesTheNewestVersionsThatFit() throws Exception {
    InMemorySource s = new InMemorySource()
        .add("litellm", "1.45.0", "openai>=1.40.0")
        .add("litellm", "1.44.0", "openai>=1.30.0")
        .add("openai", "0.28.0").add("openai", "1.40.0").add("openai", "1.50.0");

    assertThat(resolve(s, require("litellm")))
        .containsExactlyEntriesOf(new TreeMap<>(Map.of("litellm", "1.45.0", "openai", "1.50.0")));
  }

  @Test
  void explainsAConflictAsAChain() {
    InMemorySource s = new InMemorySource()
        .add("litellm", "1.45.0", "openai>=1.40.0")
        .add("openai", "0.28.0").add("openai", "1.40.0");

    assertThatThrownBy(() -> resolve(s, require("litellm==1.45.0", "openai<1.0")))
        .isInstanceOf(ResolutionException.class)
        .hasMessageContaining("Because litellm==1.45.0 depends on openai>=1.40.0 and you require"
            + " openai<1.0")
        .hasMessageContaining("the requirements are unsatisfiable");
  }

  @Test
  void backtracksToAnOlderVersion() throws Exception {
    InMemorySource s = new InMemorySource()
        .add("a", "1.0.0").add("a", "2.0.0").add("too-old", "1.0.0")
        .add("b", "1.0.0", "too-old");
    for (int i = 0; i <= 9; i++) {
      s.add("b", "2.0." + i, "a==1.0.0");
    }

    assertThat(resolve(s, require("a", "b"))).containsEntry("a", "1.0.0").containsEntry("b", "2.0.9");
  }

  @Test
  void constraintsLimitButNeverAdd() throws Exception {
    InMemorySource s = new InMemorySource()
        .add("a", "1.0", "b").add("b", "1.0").add("b", "2.0").add("c", "1.0");
    ResolveRequest r = ResolveRequest.builder().requirement(Requirement.parse("a"))
        .constraint(Requirement.parse("b<2")).constraint(Requirement.parse("c==1.0")).build();

    assertThat(resolve(s, r)).containsOnlyKeys("a", "b").containsEntry("b", "1.0");
  }

  @Test
  void extrasAndMarkersFollowTheTarget() throws Exception {
    InMemorySource s = new InMemorySource()
        .add("a", "1.0", "b; extra == 'x'", "c; platform_machine == 'aarch64'",
            "d; python_version >= '3.8'")
        .add("b", "1.0").add("c", "1.0").add("d", "1.0");

    assertThat(resolve(s, require("a[x]"))).containsOnlyKeys("a", "b", "d");
  }

  @Test
  void prefersTheLockedVersionUnlessItIsExcluded() throws Exception {
    InMemorySource s = new InMemorySource().add("a", "1.0").add("a", "2.0").add("a", "3.0");
    ResolveRequest r = ResolveRequest.builder().requirement(Requirement.parse("a<3"))
        .prefer(PackageName.of("a"), Version.parse("1.0")).build();

    assertThat(resolve(s, r)).containsEntry("a", "1.0");
  }

  @Test
  void yankedVersionsNeedAnExactPin() throws Exception {
    InMemorySource s = new InMemorySource().add("a", "1.0").add("a", "2.0").yanked("a", "2.0");

    assertThat(resolve(s, require("a"))).containsEntry("a", "1.0");
    assertThat(resolve(s, require("a==2.0"))).containsEntry("a", "2.0");
  }

  @Test
  void preReleasesOnlyWhenAskedOrNothingElse() throws Exception {
    InMemorySource s = new InMemorySource().add("a", "1.0").add("a", "2.0b1")
        .add("only", "1.0rc1");

    assertThat(resolve(s, require("a", "only"))).containsEntry("a", "1.0")
        .containsEntry("only", "1.0rc1");
    assertThat(resolve(s, require("a>=2.0b1"))).containsEntry("a", "2.0b1");
  }

  @Test
  void anUnusableVersionIsSkippedAndNamedWhenNothingIsLeft() throws Exception {
    InMemorySource s = new InMemorySource().add("a", "1.0").add("a", "2.0")
        .unusable("a", "2.0", "no wheel of a 2.0 fits x86_64/cp311/manylinux_2_34");

    assertThat(resolve(s, require("a"))).containsEntry("a", "1.0");
    assertThatThrownBy(() -> resolve(s, require("a>=2")))
        .hasMessageContaining("no wheel of a 2.0 fits x86_64/cp311/manylinux_2_34");
  }

  @Test
  void explainsADerivedConflictAcrossSeveralPackages() {
    InMemorySource s = new InMemorySource()
        .add("a", "1.0.0", "b==1.0.0").add("a", "2.0.0", "b==2.0.0").add("a", "3.0.0", "b==3.0.0")
        .add("b", "1.0.0").add("b", "2.0.0").add("b", "3.0.0")
        .add("c", "1.0.0", "a<2.0.0").add("c", "2.0.0", "a>=3.0.0");

    assertThatThrownBy(() -> resolve(s, require("a", "b>=2.0.0,<3.0.0", "c")))
        .hasMessageContaining("c==1.0.0 depends on a<2.0.0")
        .hasMessageContaining("c==2.0.0 depends on a>=3.0.0")
        .hasMessageContaining("you require b>=2.0.0,<3.0.0");
  }
}
