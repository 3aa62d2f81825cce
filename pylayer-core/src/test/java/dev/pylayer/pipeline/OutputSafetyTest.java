package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.files.Sha256;
import dev.pylayer.optimize.OptimizeLevel;
import dev.pylayer.pack.ZipInspector;
import dev.pylayer.testing.LayerBuildFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a build does to its output directory: the same layer whatever form the output path takes,
 * outputs published only by a build that passed, nothing of a previous or concurrent build
 * touched by one that failed, leftovers of dead builds cleaned up, modes as the umask says.
 */
class OutputSafetyTest {

  @TempDir static Path shared;
  static LayerBuildFixture fixture;

  @TempDir Path dir;

  @BeforeAll
  static void startIndex() throws IOException {
    fixture = LayerBuildFixture.create(shared);
  }

  @AfterAll
  static void stopIndex() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private LayerBuilder builder() {
    return new LayerBuilder(fixture.context(dir, new BuildListener() {}));
  }

  /** The zip layout at balanced: the shape issue 15 saw broken by an unnormalized --out. */
  private LayerSpec.Builder spec(Path out, Path requirements) {
    return fixture.spec(out, requirements).optimize(OptimizeLevel.BALANCED)
        .layout(Layout.ZIP);
  }

  @Test
  void relativeAndDotDotOutputPathsGiveTheSameZipAsAnAbsoluteOne() throws IOException {
    Path requirements = fixture.allRequirements(dir);
    Path cwd = Path.of("").toAbsolutePath();
    LayerReport absolute = builder().build(spec(dir.resolve("abs"), requirements).build()).get(0);
    // Relative to this JVM's working directory, through "..": ../../tmp/junit.../rel
    Path relative = cwd.relativize(dir.resolve("rel"));
    assertThat(relative.toString()).startsWith("..");
    LayerReport rel = builder().build(spec(relative, requirements).build()).get(0);
    Path dotted = Path.of(dir + "/x/./../dotted/.");
    LayerReport dot = builder().build(spec(dotted, requirements).build()).get(0);

    assertThat(rel.sha256()).isEqualTo(absolute.sha256());
    assertThat(dot.sha256()).isEqualTo(absolute.sha256());
    Path zipped = dir.resolve(
        "dotted/layer-build-x86_64/layer/python/lib/python3.11/site-packages.zip");
    assertThat(ZipInspector.inspect(zipped).entries()).extracting(e -> e.name())
        .contains("app/__init__.pyc", "helper/__init__.pyc");
    assertThat(dir.resolve("dotted/layer-build-x86_64/python-demo-x86_64.zip")).isRegularFile();
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void aFailingBuildLeavesThePreviousOutputUntouchedAndNoLeftovers() throws IOException {
    Path requirements = fixture.allRequirements(dir);
    Path out = dir.resolve("out");
    LayerReport good = builder().build(spec(out, requirements).build()).get(0);
    Path target = out.resolve("layer-build-x86_64");
    Path zip = target.resolve("python-demo-x86_64.zip");
    Files.writeString(target.resolve("mine.txt"), "a file the user put here\n");
    FileTime zipTime = Files.getLastModifiedTime(zip);
    String report = Files.readString(target.resolve("report.json"));

    assertThatThrownBy(() -> builder().build(spec(out, requirements).maxZipBytes(1000).build()))
        .hasMessageContaining("over the budget");

    assertThat(Sha256.of(zip)).isEqualTo(good.sha256());
    assertThat(Files.getLastModifiedTime(zip)).isEqualTo(zipTime);
    assertThat(Files.readString(target.resolve("report.json"))).isEqualTo(report);
    assertThat(target.resolve("layer/python/bin/python3.11")).isRegularFile();
    assertThat(target.resolve("mine.txt")).isRegularFile();
    assertThat(names(out)).containsExactlyInAnyOrder("layer-build-x86_64",
        OutputWorkspace.PUBLISH_LOCK);

    // A passing build replaces pylayer's outputs and keeps the user's file.
    builder().build(spec(out, requirements).compressionLevel(0).build());
    assertThat(Sha256.of(zip)).isNotEqualTo(good.sha256());
    assertThat(target.resolve("mine.txt")).hasContent("a file the user put here");
    assertThat(names(out)).containsExactlyInAnyOrder("layer-build-x86_64",
        OutputWorkspace.PUBLISH_LOCK);
  }

  @Test
  void aFailedBuildIntoANewDirectoryLeavesNoDirectoryBehind() throws IOException {
    Path out = dir.resolve("new/sub/dir");
    LayerSpec spec = spec(out, fixture.allRequirements(dir)).maxZipBytes(1000).build();

    assertThatThrownBy(() -> builder().build(spec)).hasMessageContaining("over the budget");

    assertThat(dir.resolve("new")).doesNotExist();
  }

  @Test
  void aFailingBuildBesideAPassingOneNeverRemovesItsResult() throws Exception {
    Path requirements = fixture.allRequirements(dir);
    Path out = dir.resolve("out");
    CompletableFuture<LayerReport> passing = CompletableFuture.supplyAsync(() -> {
      try {
        return builder().build(spec(out, requirements).build()).get(0);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    CompletableFuture<LayerReport> failing = CompletableFuture.supplyAsync(() -> {
      try {
        return builder().build(spec(out, requirements).maxZipBytes(1000).build()).get(0);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });

    LayerReport good = passing.get();
    assertThat(failing).failsWithin(java.time.Duration.ofMinutes(5));
    Path target = out.resolve("layer-build-x86_64");
    assertThat(Sha256.of(target.resolve("python-demo-x86_64.zip"))).isEqualTo(good.sha256());
    assertThat(ReportJson.read(target.resolve("report.json"))).isEqualTo(good);
    assertThat(names(out)).noneMatch(n -> n.startsWith(OutputWorkspace.PREFIX));
  }

  @Test
  void aWrongInterpreterHashWritesNoLock() throws IOException {
    Path out = dir.resolve("out");
    LayerSpec spec = fixture.spec(out, fixture.requirements(dir, "app")).noDeps(false)
        .pythonArchive(fixture.archiveUrl, "0".repeat(64)).build();

    assertThatThrownBy(() -> builder().build(spec)).hasMessageContaining("sha256");

    assertThat(spec.lockFile()).doesNotExist();
    assertThat(out).doesNotExist();
  }

  @Test
  void outputFilesHonourTheUmask() throws IOException {
    Path probe = dir.resolve("probe");
    Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW).close();
    String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(probe));
    Path out = dir.resolve("out");
    builder().build(spec(out, fixture.allRequirements(dir)).optimize(OptimizeLevel.NONE).build());

    Path target = out.resolve("layer-build-x86_64");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        target.resolve("python-demo-x86_64.zip")))).isEqualTo(expected);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        target.resolve("report.json")))).isEqualTo(expected);
  }

  @Test
  void workspacesOfDeadBuildsAreRemovedAndLiveOnesKept() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path dead = Files.createDirectory(out.resolve(OutputWorkspace.PREFIX + "dead"));
    Files.writeString(dead.resolve(OwnedDirectory.OWNER), "pid 999999\n");
    Files.writeString(dead.resolve("big.bin"), "x".repeat(1000));
    Path live = Files.createDirectory(out.resolve(OutputWorkspace.PREFIX + "live"));
    Path liveOwner = live.resolve(OwnedDirectory.OWNER);
    Files.writeString(liveOwner, "pid 1\n");
    // Another process holds the owner lock (a POSIX record lock, as FileChannel.lock takes).
    Process holder = new ProcessBuilder("python3", "-c", String.join("\n",
        "import fcntl, sys, time",
        "f = open(sys.argv[1], 'r+')",
        "fcntl.lockf(f, fcntl.LOCK_EX)",
        "print('locked', flush=True)",
        "time.sleep(120)"), liveOwner.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader reader = new BufferedReader(
          new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(reader.readLine()).isEqualTo("locked");
      try (OwnedDirectory mine = OwnedDirectory.create(out, OutputWorkspace.PREFIX)) {
        List<Path> removed = OutputWorkspace.removeAbandoned(out, w -> { });

        assertThat(removed).containsExactly(dead);
        assertThat(live).isDirectory();
        assertThat(mine.path()).isDirectory();
      }
    } finally {
      holder.destroyForcibly().waitFor();
    }
    // The owner died (as by kill -9): the next run removes what it left.
    assertThat(OutputWorkspace.removeAbandoned(out, w -> { })).containsExactly(live);
  }

  @Test
  void aPublishCutShortByAKillIsFinishedByTheNextRun() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    // Killed between moving the old output aside and moving the new one in.
    Path dead = Files.createDirectory(out.resolve(OutputWorkspace.PREFIX + "dead"));
    Files.writeString(dead.resolve(OwnedDirectory.OWNER), "pid 999999\n");
    Files.writeString(dead.resolve("publishing"), "layer-build-x86_64");
    Files.createDirectories(dead.resolve("result/layer"));
    Files.writeString(dead.resolve("result/report.json"), "new\n");
    Files.createDirectories(dead.resolve("previous/layer"));
    Files.writeString(dead.resolve("previous/report.json"), "old\n");
    Files.writeString(dead.resolve("previous/mine.txt"), "user's\n");

    OutputWorkspace.removeAbandoned(out, w -> { });

    Path target = out.resolve("layer-build-x86_64");
    assertThat(target.resolve("report.json")).hasContent("new");
    assertThat(target.resolve("mine.txt")).hasContent("user's");
    assertThat(dead).doesNotExist();
  }

  private static List<String> names(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }
}
