package dev.pylayer.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.testing.HostPython;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ImportTimeProfile} reads what the real interpreter's {@code -X importtime} writes. */
class ImportTimeProfileTest {

  @Test
  void readsTheHostInterpretersProfile() {
    assumeTrue(HostPython.find().isPresent(), "needs the host's python3 for -X importtime");
    HostPython.Result run = HostPython.run(Path.of("."), Map.of(), "-S", "-X", "importtime", "-c",
        "import json, email.message\nprint('done')");
    assertThat(run.exitCode).isZero();

    ImportTimeProfile profile = ImportTimeProfile.parse(run.stderr);

    assertThat(profile).isNotNull();
    assertThat(profile.modules()).isGreaterThan(5);
    assertThat(profile.roots()).extracting(ImportTimeProfile.Entry::module)
        .contains("json", "email.message").doesNotContain("json.decoder");
    assertThat(profile.top()).hasSizeLessThanOrEqualTo(ImportTimeProfile.LISTED);
    assertThat(profile.top().get(0).selfMs())
        .isGreaterThanOrEqualTo(profile.top().get(profile.top().size() - 1).selfMs());
    double ownTimes = profile.top().stream().mapToDouble(ImportTimeProfile.Entry::selfMs).sum();
    assertThat(profile.totalMs()).isGreaterThanOrEqualTo(ownTimes - 0.5);
    assertThat(ImportTimeProfile.withoutProfile(run.stderr + run.stdout)).isEqualTo("done");
  }

  @Test
  void noProfileLinesGiveNone() {
    assertThat(ImportTimeProfile.parse("Traceback (most recent call last):\n")).isNull();
  }
}
