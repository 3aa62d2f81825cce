package dev.pylayer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.aws.testing.MotoServer;
import dev.pylayer.files.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetLayerVersionResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code pylayer publish} in a JVM of its own against moto's Lambda and S3 on 127.0.0.1: what it
 * publishes is read back with the SDK directly.
 */
class PublishCommandTest {

  static final String KEY_ID = "AKIATESTKEYID0000001";
  static final String SECRET = "test-secret-never-printed-42";

  @TempDir static Path shared;
  static MotoServer moto;

  @TempDir Path dir;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.startOrSkip(shared);
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void reset() throws IOException {
    moto.reset();
  }

  private Map<String, String> env(boolean credentials, boolean region) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("AWS_EC2_METADATA_DISABLED", "true"); // no instance-role probe off EC2
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
    if (credentials) {
      env.put("AWS_ACCESS_KEY_ID", KEY_ID);
      env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    }
    if (region) {
      env.put("AWS_REGION", "us-east-1");
    }
    return env;
  }

  private CliProcess.Result publish(Map<String, String> env, String... extra)
      throws IOException, InterruptedException {
    String[] base = {"publish", "--name", "demo", "--arch", "x86_64", "--out", "out",
        "--endpoint-url", moto.endpoint()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    CliProcess.Result result = CliProcess.run(dir, env, args);
    assertThat(result.stdout() + result.stderr()).doesNotContain(SECRET);
    return result;
  }

  private Path zip(long bytes, long seed) throws IOException {
    Path zip = Files.createDirectories(dir.resolve("out/layer-build-x86_64"))
        .resolve("python-demo-x86_64.zip");
    byte[] data = new byte[(int) bytes];
    new Random(seed).nextBytes(data); // incompressible: the zip is as big as asked
    CRC32 crc = new CRC32();
    crc.update(data);
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      ZipEntry entry = new ZipEntry("python/data.bin");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(data.length);
      entry.setCrc(crc.getValue());
      out.putNextEntry(entry);
      out.write(data);
      out.closeEntry();
    }
    return zip;
  }

  private LambdaClient lambda() {
    return LambdaClient.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create(moto.endpoint()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(KEY_ID, SECRET)))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @Test
  void publishesAVersionThenFindsItInsteadOfPublishingAgain() throws Exception {
    Path zip = zip(10_000, 1);
    String sha256 = Sha256.of(zip);

    CliProcess.Result first = publish(env(true, true), "--json");

    assertThat(first.exit()).as(first.stderr()).isZero();
    JsonNode published = new ObjectMapper().readTree(first.stdout()).get(0);
    assertThat(published.get("published").asBoolean()).isTrue();
    assertThat(published.get("version").asLong()).isEqualTo(1);
    assertThat(published.get("upload").asText()).isEqualTo("direct");
    String arn = published.get("layer_version_arn").asText();
    assertThat(arn).endsWith(":layer:python-demo-x86_64:1");
    try (LambdaClient lambda = lambda()) {
      GetLayerVersionResponse version = lambda.getLayerVersion(b -> b
          .layerName("python-demo-x86_64").versionNumber(1L));
      assertThat(version.description()).contains("sha256:" + sha256).contains("pylayer ");
      assertThat(version.compatibleRuntimesAsStrings()).containsExactly("java21");
      assertThat(version.compatibleArchitecturesAsStrings()).containsExactly("x86_64");
      assertThat(version.licenseInfo()).contains("PSF-2.0");
      assertThat(version.content().codeSize()).isEqualTo(Files.size(zip));
    }

    CliProcess.Result second = publish(env(true, true));

    assertThat(second.exit()).as(second.stderr()).isZero();
    assertThat(second.stdout().strip()).isEqualTo(arn + "   (already published)");
    assertThat(second.stderr()).contains("version 1 already has this content");
    try (LambdaClient lambda = lambda()) {
      assertThat(lambda.listLayerVersions(b -> b.layerName("python-demo-x86_64"))
          .layerVersions()).hasSize(1);
    }

    zip(10_000, 2); // new content: a new version
    CliProcess.Result third = publish(env(true, true));
    assertThat(third.exit()).as(third.stderr()).isZero();
    assertThat(third.stdout().strip()).endsWith(":layer:python-demo-x86_64:2");
  }

  @Test
  void addsALayerVersionPermission() throws Exception {
    zip(5_000, 3);

    CliProcess.Result result = publish(env(true, true), "--principal", "123456789012",
        "--json");

    assertThat(result.exit()).as(result.stderr()).isZero();
    assertThat(new ObjectMapper().readTree(result.stdout()).get(0).get("permission").asText())
        .isEqualTo("pylayer-123456789012");
    try (LambdaClient lambda = lambda()) {
      String policy = lambda.getLayerVersionPolicy(b -> b.layerName("python-demo-x86_64")
          .versionNumber(1L)).policy();
      assertThat(policy).contains("123456789012").contains("lambda:GetLayerVersion");
    }
  }

  @Test
  void aZipOver50MbNeedsABucketAndThenGoesThroughS3() throws Exception {
    Path zip = zip(53_000_000, 4);
    String sha256 = Sha256.of(zip);

    CliProcess.Result noBucket = publish(env(true, true));

    assertThat(noBucket.exit()).isEqualTo(1);
    assertThat(noBucket.stderr()).contains("pylayer: error: python-demo-x86_64.zip is 53.0 MB,"
        + " over Lambda's 50 MB limit for a direct upload: pass --s3-bucket BUCKET");

    try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create(moto.endpoint())).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(KEY_ID, SECRET)))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      s3.createBucket(b -> b.bucket("layers"));

      CliProcess.Result viaS3 = publish(env(true, true), "--s3-bucket", "layers", "--json");

      assertThat(viaS3.exit()).as(viaS3.stderr()).isZero();
      JsonNode published = new ObjectMapper().readTree(viaS3.stdout()).get(0);
      String key = "pylayer/python-demo-x86_64/" + sha256 + ".zip";
      assertThat(published.get("upload").asText()).isEqualTo("s3://layers/" + key);
      assertThat(s3.headObject(b -> b.bucket("layers").key(key)).contentLength())
          .isEqualTo(Files.size(zip));
    }
    try (LambdaClient lambda = lambda()) {
      assertThat(lambda.getLayerVersion(b -> b.layerName("python-demo-x86_64")
          .versionNumber(1L)).content().codeSize()).isEqualTo(Files.size(zip));
    }
  }

  @Test
  void missingCredentialsOrRegionFailClearly() throws Exception {
    zip(1_000, 5);

    CliProcess.Result noCredentials = publish(env(false, true));
    CliProcess.Result noRegion = publish(env(true, false));

    assertThat(noCredentials.exit()).isEqualTo(1);
    assertThat(noCredentials.stderr()).startsWith("pylayer: error: no AWS credentials found")
        .contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile")
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(noRegion.exit()).isEqualTo(1);
    assertThat(noRegion.stderr()).startsWith("pylayer: error: no AWS region set: pass --region,"
        + " set AWS_REGION").doesNotContain("Exception");
    try (LambdaClient lambda = lambda()) {
      assertThat(lambda.listLayers().layers()).isEmpty();
    }
  }
}
