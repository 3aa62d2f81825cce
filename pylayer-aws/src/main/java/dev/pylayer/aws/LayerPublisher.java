package dev.pylayer.aws;

import dev.pylayer.files.Sha256;
import dev.pylayer.pipeline.BuildListener;
import dev.pylayer.pipeline.PylayerVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AddLayerVersionPermissionRequest;
import software.amazon.awssdk.services.lambda.model.LayerVersionContentInput;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.ListLayerVersionsResponse;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Publishes layer zips as Lambda layer versions. Idempotent: when the newest version of the layer
 * carries the zip's sha256 in its description, its ARN is returned and nothing is published.
 * Zips over {@link #DIRECT_UPLOAD_LIMIT} go through S3 ({@code s3://bucket/pylayer/NAME/SHA.zip}).
 */
public final class LayerPublisher implements AutoCloseable {

  /** Lambda's limit for a zip sent in the PublishLayerVersion request itself: 50 MB. */
  public static final long DIRECT_UPLOAD_LIMIT = 50_000_000L;

  private final AwsConnection connection;
  private final BuildListener listener;
  private Region region;
  private AwsCredentialsProvider credentials;
  private LambdaClient lambda;
  private S3Client s3;

  public LayerPublisher(AwsConnection connection, BuildListener listener) {
    this.connection = connection;
    this.listener = listener;
  }

  /**
   * Publishes (or finds) one layer version.
   *
   * @throws PublishException naming what failed (no credentials, no region, a zip too big
   *     without a bucket, an AWS error with its code)
   */
  public PublishedLayer publish(PublishRequest request) {
    if (!Files.isRegularFile(request.zip())) {
      throw new PublishException(request.zip() + " does not exist: build the layer first"
          + " (pylayer build, or mvn package)");
    }
    String sha256;
    long size;
    try {
      sha256 = Sha256.of(request.zip());
      size = Files.size(request.zip());
    } catch (IOException e) {
      throw new PublishException("cannot read " + request.zip() + ": " + e.getMessage(), e);
    }
    connect();
    try {
      Optional<LayerVersionsListItem> newest = newestVersion(request.layerName());
      if (newest.isPresent()
          && LayerDescription.sha256(newest.get().description()).equals(Optional.of(sha256))) {
        listener.info(request.layerName() + ": version " + newest.get().version()
            + " already has this content (sha256 " + sha256.substring(0, 12) + "...);"
            + " nothing published");
        Optional<String> permission = permit(request, newest.get().version());
        return new PublishedLayer(newest.get().layerVersionArn(), newest.get().version(), false,
            sha256, "none", permission);
      }
      LayerVersionContentInput.Builder content = LayerVersionContentInput.builder();
      String upload;
      if (size > DIRECT_UPLOAD_LIMIT) {
        String bucket = request.s3Bucket().orElseThrow(() -> new PublishException(
            request.zip().getFileName() + " is " + megabytes(size) + ", over Lambda's 50 MB"
                + " limit for a direct upload: pass --s3-bucket BUCKET (in the same region) to"
                + " upload it through S3"));
        String key = "pylayer/" + request.layerName() + "/" + sha256 + ".zip";
        listener.step(request.layerName() + ": uploading " + megabytes(size) + " to s3://"
            + bucket + "/" + key);
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(request.zip()));
        content.s3Bucket(bucket).s3Key(key);
        upload = "s3://" + bucket + "/" + key;
      } else {
        listener.step(request.layerName() + ": uploading " + megabytes(size));
        try {
          content.zipFile(SdkBytes.fromByteArrayUnsafe(Files.readAllBytes(request.zip())));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        upload = "direct";
      }
      PublishLayerVersionResponse published = lambda.publishLayerVersion(b -> b
          .layerName(request.layerName())
          .description(LayerDescription.of(sha256, PylayerVersion.get(),
              request.zip().getFileName().toString()))
          .content(content.build())
          .compatibleRuntimesWithStrings(request.compatibleRuntimes())
          .compatibleArchitecturesWithStrings(request.compatibleArchitectures())
          .licenseInfo(request.licenseInfo()));
      listener.info(request.layerName() + ": published version " + published.version());
      Optional<String> permission = permit(request, published.version());
      return new PublishedLayer(published.layerVersionArn(), published.version(), true, sha256,
          upload, permission);
    } catch (SdkException e) {
      throw new PublishException(request.layerName() + ": AWS refused the request: "
          + e.getMessage(), e);
    }
  }

  private void connect() {
    if (lambda == null) {
      region = connection.resolveRegion();
      credentials = connection.resolveCredentials();
      lambda = connection.lambda(region, credentials);
      s3 = connection.s3(region, credentials);
    }
  }

  /** The newest version (ListLayerVersions lists newest first), empty for a new layer. */
  private Optional<LayerVersionsListItem> newestVersion(String layerName) {
    try {
      ListLayerVersionsResponse versions = lambda.listLayerVersions(b -> b
          .layerName(layerName).maxItems(1));
      return versions.layerVersions().stream().findFirst();
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Adds the layer-version permission asked for; an identical statement already there is fine. */
  private Optional<String> permit(PublishRequest request, long version) {
    if (request.principal().isEmpty()) {
      return Optional.empty();
    }
    String statementId = ("pylayer-" + request.organizationId().orElse(request.principal().get()))
        .replaceAll("[^A-Za-z0-9_-]", "_");
    if (statementId.equals("pylayer-_")) {
      statementId = "pylayer-public";
    }
    String id = statementId;
    try {
      lambda.addLayerVersionPermission(AddLayerVersionPermissionRequest.builder()
          .layerName(request.layerName())
          .versionNumber(version)
          .statementId(id)
          .action("lambda:GetLayerVersion")
          .principal(request.principal().get())
          .organizationId(request.organizationId().orElse(null))
          .build());
      listener.info(request.layerName() + ": version " + version + " usable by "
          + request.principal().get()
          + request.organizationId().map(o -> " in organization " + o).orElse(""));
    } catch (ResourceConflictException e) {
      listener.info(request.layerName() + ": permission " + id + " already present");
    }
    return Optional.of(id);
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  @Override
  public void close() {
    if (lambda != null) {
      lambda.close();
      s3.close();
    }
  }
}
