package dev.pylayer.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.pipeline.SpecException;
import dev.pylayer.pipeline.SpecOverrides;
import dev.pylayer.testing.LayerBuildFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Maven build (the wrapper's Maven, offline, with the plugin and its dependencies from
 * target/it-repo that the invoker plugin's install goal filled) of a sample project whose layer
 * comes from core's test fixtures: the host CPython as a python-build-standalone archive served on
 * 127.0.0.1 and wheels from a local find-links directory.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class MavenBuildIT {

  @TempDir static Path shared;
  static LayerBuildFixture fixture;

  @TempDir static Path project;

  @BeforeAll
  static void fixture() throws IOException {
    fixture = LayerBuildFixture.create(shared);
  }

  @AfterAll
  static void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  record Run(int exit, String log) {}

  private Run mvn(String... goals) throws IOException, InterruptedException {
    return mvn(java.util.Map.of(), goals);
  }

  private Run mvn(java.util.Map<String, String> env, String... goals)
      throws IOException, InterruptedException {
    // Offline, local repository target/it-repo (this plugin, installed there by the invoker
    // plugin); what else the build needs (imported BOMs) comes read-only from the outer build's
    // local repository through a file: mirror, which offline mode may still read.
    Path settings = shared.resolve("settings.xml");
    Files.writeString(settings, String.join("\n",
        "<settings><mirrors><mirror><id>outer-local</id><mirrorOf>*</mirrorOf>",
        "<url>" + Path.of(System.getProperty("pylayer.outer.repo")).toUri() + "</url>",
        "</mirror></mirrors></settings>", ""));
    List<String> command = new ArrayList<>(List.of(System.getProperty("pylayer.mvnw"), "-B",
        "-o", "-Daether.offline.protocols=file", "-s", settings.toString(),
        "-Dmaven.repo.local=" + System.getProperty("pylayer.it.repo")));
    command.addAll(List.of(goals));
    Path log = Files.createTempFile(shared, "mvn", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("PYLAYER_CACHE", fixture.cache.toString());
    builder.environment().put("PIP_CONFIG_FILE", "/dev/null");
    builder.environment().put("SOURCE_DATE_EPOCH", "1700000000");
    builder.environment().remove("MAVEN_OPTS");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("mvn " + String.join(" ", goals) + " did not finish in 5 minutes");
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** pylayer.toml sets name and optimize; the POM overrides the name (POM values win). */
  private void writeProject(String toml) throws IOException {
    Files.writeString(project.resolve("pylayer.toml"), toml);
    Files.writeString(project.resolve("requirements.txt"), String.join("\n", "app==1.0",
        "helper==1.0", "nativepkg==1.0", "datapkg==1.0", "ns-one==1.0", "ns-two==1.0", ""));
    String pom = String.join("\n",
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
        "  <modelVersion>4.0.0</modelVersion>",
        "  <groupId>dev.pylayer.it</groupId>",
        "  <artifactId>sample</artifactId>",
        "  <version>1.0</version>",
        "  <packaging>pom</packaging>",
        "  <build>",
        "    <pluginManagement><plugins><plugin>",
        "      <groupId>org.apache.maven.plugins</groupId>",
        "      <artifactId>maven-install-plugin</artifactId><version>3.1.4</version>",
        "    </plugin></plugins></pluginManagement>",
        "    <plugins>",
        "      <plugin>",
        "        <groupId>dev.pylayer</groupId>",
        "        <artifactId>pylayer-maven-plugin</artifactId>",
        "        <version>" + System.getProperty("pylayer.version") + "</version>",
        "        <executions><execution><goals><goal>build</goal><goal>verify</goal></goals>"
            + "</execution></executions>",
        "        <configuration>",
        "          <name>demo</name>",
        "          <arch>x86_64</arch>",
        "          <requirementsFile>requirements.txt</requirementsFile>",
        "          <noIndex>true</noIndex>",
        "          <findLinks><findLink>" + fixture.wheels + "</findLink></findLinks>",
        "          <pythonArchive>" + fixture.archiveUrl + "</pythonArchive>",
        "          <pythonSha256>" + fixture.python.sha256() + "</pythonSha256>",
        "          <smokeCode><![CDATA[" + LayerBuildFixture.SMOKE + "]]></smokeCode>",
        "        </configuration>",
        "      </plugin>",
        "    </plugins>",
        "  </build>",
        "</project>",
        "");
    Files.writeString(project.resolve("pom.xml"), pom);
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void buildsTheLayerAndAttachesIt() throws Exception {
    writeProject("[layer]\nname = \"fromtoml\"\noptimize = \"none\"\n");

    Run first = mvn("install");

    assertThat(first.exit()).as(first.log()).isZero();
    Path zip = project.resolve("target/layer-build-x86_64/python-demo-x86_64.zip");
    assertThat(zip).isRegularFile();
    assertThat(first.log())
        .contains("[INFO] x86_64: installing 6 wheels")           // core's progress, Maven's log
        .contains("[INFO] pylayer: built target/layer-build-x86_64/python-demo-x86_64.zip")
        .contains("python-demo-x86_64.zip verified")
        .contains("offline (-o)");
    Path installed = Path.of(System.getProperty("pylayer.it.repo"),
        "dev/pylayer/it/sample/1.0/sample-1.0-x86_64.zip");
    assertThat(installed).as("the zip is attached, so install carries it").isRegularFile();
    assertThat(Files.mismatch(installed, zip)).isEqualTo(-1L);
    assertThat(project.resolve("target/layer-build-x86_64/report.json")).content()
        .contains("\"optimize\" : \"none\""); // from pylayer.toml: the POM does not set it
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void publishGoalPublishesTheBuiltZipOnceAgainstMoto() throws Exception {
    try (dev.pylayer.aws.testing.MotoServer moto =
        dev.pylayer.aws.testing.MotoServer.startOrSkip(shared)) {
      java.util.Map<String, String> aws = java.util.Map.of(
          "AWS_ACCESS_KEY_ID", "AKIATESTKEYID0000002", "AWS_SECRET_ACCESS_KEY", "it-secret-99",
          "AWS_EC2_METADATA_DISABLED", "true",
          "AWS_SHARED_CREDENTIALS_FILE", shared.resolve("no-credentials").toString(),
          "AWS_CONFIG_FILE", shared.resolve("no-config").toString());
      String goal = "dev.pylayer:pylayer-maven-plugin:" + System.getProperty("pylayer.version")
          + ":publish";
      String[] args = {goal, "-Dpylayer.region=us-east-1",
          "-Dpylayer.endpointUrl=" + moto.endpoint()};

      Run first = mvn(aws, args);
      Run second = mvn(aws, args);

      assertThat(first.exit()).as(first.log()).isZero();
      assertThat(first.log()).containsPattern("\\[INFO\\] pylayer: arn:aws:lambda:us-east-1:"
          + "\\d+:layer:python-demo-x86_64:1\\n").doesNotContain("it-secret-99");
      assertThat(second.exit()).as(second.log()).isZero();
      assertThat(second.log()).contains("version 1 already has this content")
          .containsPattern(":layer:python-demo-x86_64:1 \\(already published\\)");
    }
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void skipsWhenUpToDateAndFailsOnASpecErrorWithTheCliMessage() throws Exception {
    Path zip = project.resolve("target/layer-build-x86_64/python-demo-x86_64.zip");
    FileTime built = Files.getLastModifiedTime(zip);
    Run second = mvn("package");

    assertThat(second.exit()).as(second.log()).isZero();
    assertThat(second.log()).contains("[INFO] pylayer: target/layer-build-x86_64/"
        + "python-demo-x86_64.zip is up to date (spec, lock, interpreter and pylayer")
        .doesNotContain("installing 6 wheels");
    assertThat(Files.getLastModifiedTime(zip)).isEqualTo(built);

    writeProject("[layer]\nname = \"fromtoml\"\noptimise = \"size\"\n");
    String cliMessage;
    try {
      SpecOverrides.none().resolve(project); // what the CLI prints after "pylayer: error: "
      throw new AssertionError("the spec error was not detected");
    } catch (SpecException e) {
      cliMessage = e.getMessage();
    }
    Run broken = mvn("package");

    assertThat(broken.exit()).isNotZero();
    assertThat(cliMessage).contains("unknown key 'layer.optimise'");
    assertThat(broken.log()).contains("[ERROR] Failed to execute goal dev.pylayer:"
        + "pylayer-maven-plugin:" + System.getProperty("pylayer.version") + ":build")
        .contains(cliMessage);
  }
}
