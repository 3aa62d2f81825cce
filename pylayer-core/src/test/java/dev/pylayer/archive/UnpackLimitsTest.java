package dev.pylayer.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.install.InstallScheme;
import dev.pylayer.install.WheelInstallException;
import dev.pylayer.install.WheelInstaller;
import dev.pylayer.testing.Bombs;
import dev.pylayer.testing.TarBuilder;
import dev.pylayer.testing.WheelBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decompression bombs and oversized archives stop at the first byte over a limit, name the
 * archive and the limit, and leave nothing behind.
 */
class UnpackLimitsTest {

  private static final long BOMB = 3_200_000_000L;

  @TempDir Path temp;

  @Test
  void aTarBombInterpreterArchiveStopsAtOnceAndLeavesNothing() throws IOException {
    Path bomb = Bombs.tarBomb(temp.resolve("in"), BOMB);
    assertThat(Files.size(bomb)).isLessThan(BOMB / 500);
    Path target = temp.resolve("out/layer");

    assertThatThrownBy(() -> ArchiveExtractor.create().extract(bomb, target))
        .isInstanceOf(UnpackLimitException.class)
        .hasMessageContaining(bomb.toString())
        .hasMessageContaining("python/lib/zeros.bin")
        .hasMessageContaining("200 times")
        .hasMessageContaining("Nothing of it was kept");
    assertThat(target).doesNotExist();
    assertThat(temp.resolve("out")).isEmptyDirectory();
  }

  @Test
  void aZipBombWheelIsRefusedBeforeMuchIsWrittenAndNothingStaysInstalled() throws Exception {
    Path wheel = Bombs.zipBombWheel(temp.resolve("in"), BOMB);
    Path site = temp.resolve("site-packages");

    assertThatThrownBy(() -> WheelInstaller.create(InstallScheme.sitePackagesOnly(site))
            .install(wheel))
        .isInstanceOf(WheelInstallException.class)
        .hasMessageContaining(wheel.getFileName().toString())
        .hasMessageContaining("bomb/zeros.bin")
        .hasMessageContaining("decompression bomb");
    assertThat(site).isEmptyDirectory();
  }

  @Test
  void theByteLimitCountsAllEntriesOfOneArchiveAndNamesTheLimit() throws IOException {
    Path archive = temp.resolve("big.tar.gz");
    try (TarBuilder tar = TarBuilder.gzip(archive)) {
      tar.file("python/a.bin", 0644, random(600_000, 1)).file("python/b.bin", 0644,
          random(600_000, 2));
    }
    UnpackLimits limits = UnpackLimits.DEFAULTS.withMaxBytes(1_000_000);

    assertThatThrownBy(() -> ArchiveExtractor.create().limits(limits)
            .extract(archive, temp.resolve("x")))
        .isInstanceOf(UnpackLimitException.class)
        .hasMessageContaining("python/b.bin")
        .hasMessageContaining("more than 1000000 bytes")
        .hasMessageContaining("--max-unpacked-mb");
    assertThat(temp.resolve("x")).doesNotExist();
    // Under the limit the same archive unpacks.
    ArchiveExtractor.create().limits(limits.withMaxBytes(1_200_000))
        .extract(archive, temp.resolve("y"));
    assertThat(temp.resolve("y/python/b.bin")).hasSize(600_000);
  }

  @Test
  void aLimitedStreamHandsOutExactlyTheLimitAndNotOneByteMore() throws IOException {
    UnpackBudget budget = new UnpackLimits(1000, 10, 1_000_000).start("a.tar");
    InputStream limited = budget.limit("e", new ByteArrayInputStream(new byte[5000]), () -> 5000);
    ByteArrayOutputStream written = new ByteArrayOutputStream();

    assertThatThrownBy(() -> limited.transferTo(written))
        .isInstanceOf(UnpackLimitException.class);
    assertThat(written.size()).isLessThanOrEqualTo(1000);
  }

  @Test
  void theEntryCountIsLimitedForTarsAndZips() throws IOException {
    Path archive = temp.resolve("many.tar.gz");
    try (TarBuilder tar = TarBuilder.gzip(archive)) {
      for (int i = 0; i < 5; i++) {
        tar.file("python/f" + i, 0644, "x");
      }
    }
    UnpackLimits three = new UnpackLimits(1 << 20, 3, 200);
    assertThatThrownBy(() -> ArchiveExtractor.create().limits(three)
            .extract(archive, temp.resolve("t")))
        .hasMessageContaining("more than 3 entries");

    Path wheel = WheelBuilder.wheel("many", "1.0").file("many/a.py", "").file("many/b.py", "")
        .build(temp.resolve("w"));
    assertThatThrownBy(() -> WheelInstaller.create(InstallScheme.sitePackagesOnly(
            temp.resolve("site"))).withLimits(three).install(wheel))
        .isInstanceOf(WheelInstallException.class)
        .hasMessageContaining("entries, more than the limit of 3");
    assertThatThrownBy(() -> SafeZipExtractor.create().limits(three)
            .extract(wheel, temp.resolve("z")))
        .isInstanceOf(UnpackLimitException.class);
  }

  @Test
  void ordinaryCompressibleFilesPassTheRatioCheck() throws Exception {
    // 4 MB of repetitive Python source compresses about 100:1 with DEFLATE; well under 200.
    StringBuilder source = new StringBuilder();
    Random random = new Random(7);
    while (source.length() < 4_000_000) {
      source.append("def f").append(random.nextInt(1000)).append("(x):\n    return x + ")
          .append(random.nextInt(100)).append("\n");
    }
    Path wheel = WheelBuilder.wheel("text", "1.0").file("text/big.py", source.toString())
        .build(temp.resolve("w"));
    WheelInstaller.create(InstallScheme.sitePackagesOnly(temp.resolve("site"))).install(wheel);
    assertThat(temp.resolve("site/text/big.py")).hasSize(source.length());
  }

  @Test
  void bothBombsStopInAJvmWithA48MegabyteHeapWithoutRunningOutOfMemory() throws Exception {
    for (String kind : List.of("wheel", "tar")) {
      Path scratch = Files.createDirectories(temp.resolve("probe-" + kind));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(java, "-Xmx48m", "-XX:+ExitOnOutOfMemoryError",
          "-cp", System.getProperty("java.class.path"), "dev.pylayer.testing.BombProbe", kind,
          scratch.toString())
          .redirectErrorStream(true).start();
      boolean finished = process.waitFor(120, TimeUnit.SECONDS);
      String output = new String(process.getInputStream().readAllBytes());
      if (!finished) {
        process.destroyForcibly();
      }
      assertThat(finished).as("the %s probe finished", kind).isTrue();
      assertThat(process.exitValue()).as(kind + ": " + output).isZero();
      assertThat(output).contains("STOPPED", "MAX_HEAP");
      try (Stream<Path> left = Files.walk(scratch)) {
        assertThat(left.filter(Files::isRegularFile)
            .filter(p -> !p.getParent().getFileName().toString().matches("wheels|archives")))
            .isEmpty();
      }
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
