package dev.pylayer.aws;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One layer zip to publish as a Lambda layer version.
 *
 * @param zip the layer zip
 * @param layerName the Lambda layer's name (letters, digits, '-', '_'; at most 140)
 * @param compatibleRuntimes the runtimes of the functions that use it (from the spec)
 * @param compatibleArchitectures {@code arm64} and/or {@code x86_64} (from the spec)
 * @param licenseInfo the layer's licence text (at most 512 characters)
 * @param s3Bucket where a zip over the direct-upload limit is staged; empty: such a zip fails
 * @param principal an account id, {@code *}, or a service principal allowed to use the version
 * @param organizationId with principal {@code *}: only that organization's accounts
 */
public record PublishRequest(Path zip, String layerName, List<String> compatibleRuntimes,
    List<String> compatibleArchitectures, String licenseInfo, Optional<String> s3Bucket,
    Optional<String> principal, Optional<String> organizationId) {

  private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,140}");

  public PublishRequest {
    Objects.requireNonNull(zip, "zip");
    compatibleRuntimes = List.copyOf(compatibleRuntimes);
    compatibleArchitectures = List.copyOf(compatibleArchitectures);
    Objects.requireNonNull(s3Bucket, "s3Bucket");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(organizationId, "organizationId");
    if (layerName == null || !LAYER_NAME.matcher(layerName).matches()) {
      throw new IllegalArgumentException("layer name '" + layerName + "' is not valid for Lambda:"
          + " use 1 to 140 letters, digits, '-' and '_'");
    }
    if (licenseInfo != null && licenseInfo.length() > 512) {
      throw new IllegalArgumentException("licence info is " + licenseInfo.length()
          + " characters; Lambda takes at most 512");
    }
    if (organizationId.isPresent() && principal.isEmpty()) {
      throw new IllegalArgumentException("--organization-id needs --principal '*' (every account"
          + " of that organization)");
    }
  }
}
