package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.testing.Bombs;
import dev.pylayer.testing.LayerBuildFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supply-chain checks as a build meets them: unpack limits from the spec. */
class SupplyChainBuildTest {

  @TempDir static Path shared;
  static LayerBuildFixture fixture;

  @TempDir Path dir;
  final List<String> warnings = new ArrayList<>();
  final BuildListener listener = new BuildListener() {
    @Override
    public void warn(String message) {
      warnings.add(message);
    }
  };

  @BeforeAll
  static void startIndex() throws IOException {
    fixture = LayerBuildFixture.create(shared);
    fixture.index.add(Bombs.zipBombWheel(shared.resolve("bombs"), 3_200_000_000L));
  }

  @AfterAll
  static void stopIndex() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aZipBombWheelFailsTheBuildNamingItAndLeavesNoLayer() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"),
        fixture.requirements(dir, "app==1.0", "helper==1.0", "bomb==1.0")).build();

    assertThatThrownBy(() -> build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("bomb-1.0-py3-none-any.whl")
        .hasMessageContaining("decompression bomb");
    assertThat(dir.resolve("out/layer-build-x86_64/python-demo-x86_64.zip")).doesNotExist();
    try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
      assertThat(files.filter(p -> p.toString().contains("zeros.bin"))).isEmpty();
    }
  }

  @Test
  void theSpecsUnpackedLimitAppliesToTheInterpreterArchive() throws IOException {
    LayerSpec spec = fixture.spec(dir.resolve("out"), fixture.requirements(dir, "helper==1.0"))
        .supplyChain(SupplyChainOptions.DEFAULTS.withMaxUnpackedMb(5)).build();

    assertThatThrownBy(() -> build(spec))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining(fixture.archiveUrl)
        .hasMessageContaining("unpacks to more than 5 MiB (5242880 bytes)");
  }

  private List<LayerReport> build(LayerSpec spec) throws IOException {
    return new LayerBuilder(fixture.context(dir, listener)).build(spec);
  }
}
