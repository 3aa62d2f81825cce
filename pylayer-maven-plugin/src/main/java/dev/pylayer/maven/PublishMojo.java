package dev.pylayer.maven;

import dev.pylayer.aws.AwsConnection;
import dev.pylayer.aws.LayerPublisher;
import dev.pylayer.aws.PublishRequest;
import dev.pylayer.aws.PublishedLayer;
import dev.pylayer.pep.Arch;
import dev.pylayer.pipeline.LayerSpec;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Publishes each built zip as a Lambda layer version (as {@code pylayer publish}): idempotent on
 * the zip's sha256, S3 staging over 50 MB, optional layer-version permission. Credentials and
 * region from the AWS SDK's default chains, or {@code <region>}/{@code <profile>}/
 * {@code <endpointUrl>}. Default phase {@code deploy}.
 */
@Mojo(name = "publish", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PublishMojo extends AbstractPylayerMojo {

  /** The Lambda layer's name (default python-NAME-ARCH); -ARCH is appended for several arches. */
  @Parameter(property = "pylayer.layerName")
  String layerName;

  /** Bucket (same region) for zips over 50 MB. */
  @Parameter(property = "pylayer.s3Bucket")
  String s3Bucket;

  /** Account id or '*' allowed to use the version. */
  @Parameter(property = "pylayer.principal")
  String principal;

  /** With principal '*': only this organization's accounts. */
  @Parameter(property = "pylayer.organizationId")
  String organizationId;

  @Parameter(property = "pylayer.licenseInfo", defaultValue = "CPython: PSF-2.0. Python"
      + " packages: see the licence in each package's .dist-info in the layer.")
  String licenseInfo;

  @Parameter(property = "pylayer.region")
  String region;

  @Parameter(property = "pylayer.profile")
  String profile;

  @Parameter(property = "pylayer.endpointUrl")
  String endpointUrl;

  @Override
  void run() {
    LayerSpec spec = resolveSpec();
    AwsConnection connection = new AwsConnection(Optional.ofNullable(region),
        Optional.ofNullable(profile), Optional.ofNullable(endpointUrl).map(URI::create));
    try (LayerPublisher publisher = new LayerPublisher(connection,
        new MavenLogListener(getLog()))) {
      for (Arch arch : spec.arches()) {
        String name = layerName == null ? spec.zipName(arch).replaceFirst("\\.zip$", "")
            : spec.arches().size() == 1 ? layerName : layerName + "-" + arch.lambdaName();
        PublishedLayer result = publisher.publish(new PublishRequest(
            UpToDateCheck.zip(spec, arch), name, List.of(spec.lambdaRuntime()),
            List.of(arch.lambdaName()), licenseInfo, Optional.ofNullable(s3Bucket),
            Optional.ofNullable(principal), Optional.ofNullable(organizationId)));
        getLog().info("pylayer: " + result.layerVersionArn()
            + (result.published() ? "" : " (already published)"));
      }
    }
  }
}
