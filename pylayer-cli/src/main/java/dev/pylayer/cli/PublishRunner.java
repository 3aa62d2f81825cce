package dev.pylayer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pylayer.aws.AwsConnection;
import dev.pylayer.aws.LayerPublisher;
import dev.pylayer.aws.PublishRequest;
import dev.pylayer.aws.PublishedLayer;
import dev.pylayer.pipeline.BuildException;
import dev.pylayer.pipeline.BuildListener;
import dev.pylayer.pipeline.LayerSpec;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs {@code pylayer publish} with pylayer-aws; loaded only when publish runs. */
final class PublishRunner {

  static final String DEFAULT_LICENSE_INFO = "CPython: PSF-2.0. Python packages: see the"
      + " licence in each package's .dist-info in the layer.";

  /** One zip and the layer it becomes a version of. */
  record Target(Path zip, String layerName, String architecture) {}

  private final AwsConnection connection;
  private final Optional<String> s3Bucket;
  private final Optional<String> principal;
  private final Optional<String> organizationId;
  private final String licenseInfo;

  PublishRunner(String region, String profile, String endpointUrl, String s3Bucket,
      String principal, String organizationId, String licenseInfo) {
    URI endpoint = null;
    if (endpointUrl != null) {
      endpoint = URI.create(endpointUrl);
      if (endpoint.getScheme() == null || endpoint.getHost() == null) {
        throw new IllegalArgumentException("--endpoint-url '" + endpointUrl + "' is not an"
            + " http(s) URL such as http://127.0.0.1:5000");
      }
    }
    this.connection = new AwsConnection(Optional.ofNullable(region), Optional.ofNullable(profile),
        Optional.ofNullable(endpoint));
    this.s3Bucket = Optional.ofNullable(s3Bucket);
    this.principal = Optional.ofNullable(principal);
    this.organizationId = Optional.ofNullable(organizationId);
    this.licenseInfo = licenseInfo;
  }

  void run(LayerSpec spec, List<Target> targets, BuildListener listener, boolean json,
      PrintStream out) {
    List<PublishedLayer> results = new ArrayList<>();
    try (LayerPublisher publisher = new LayerPublisher(connection, listener)) {
      for (Target target : targets) {
        results.add(publisher.publish(new PublishRequest(target.zip(), target.layerName(),
            List.of(spec.lambdaRuntime()), List.of(target.architecture()), licenseInfo,
            s3Bucket, principal, organizationId)));
      }
    } catch (dev.pylayer.aws.PublishException e) {
      throw new BuildException(e.getMessage(), e);
    }
    if (json) {
      out.println(toJson(targets, results));
      return;
    }
    for (PublishedLayer result : results) {
      out.println(result.layerVersionArn() + (result.published() ? "" : "   (already published)"));
    }
  }

  private static String toJson(List<Target> targets, List<PublishedLayer> results) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode list = mapper.createArrayNode();
    for (int i = 0; i < results.size(); i++) {
      PublishedLayer r = results.get(i);
      ObjectNode node = list.addObject();
      node.put("layer", targets.get(i).layerName());
      node.put("layer_version_arn", r.layerVersionArn());
      node.put("version", r.version());
      node.put("published", r.published());
      node.put("sha256", r.sha256());
      node.put("upload", r.upload());
      r.permission().ifPresent(p -> node.put("permission", p));
    }
    try {
      return mapper.writeValueAsString(list);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
