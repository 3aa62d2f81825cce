package dev.pylayer.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where and as whom to publish: region, credentials and endpoint from the SDK's default chains,
 * overridden by {@code --region}, {@code --profile} and {@code --endpoint-url}. Both are resolved
 * before the first call, so a missing one fails with what to set instead of an SDK stack trace.
 * Credentials are handed to the SDK only; nothing here prints or logs them.
 *
 * @param region e.g. {@code eu-west-1}; empty: AWS_REGION, the profile's region, AWS_DEFAULT_REGION,
 *     the instance's region
 * @param profile a profile of ~/.aws/credentials and ~/.aws/config; empty: AWS_PROFILE or default
 * @param endpoint another Lambda and S3 endpoint (LocalStack, moto, a VPC endpoint)
 */
public record AwsConnection(Optional<String> region, Optional<String> profile,
    Optional<URI> endpoint) {

  /** The region to call: as given, else the SDK's chain, else AWS_DEFAULT_REGION (the CLI's). */
  public Region resolveRegion() {
    if (region.isPresent()) {
      return Region.of(region.get());
    }
    AwsRegionProvider awsCliRegion = () -> {
      String value = System.getenv("AWS_DEFAULT_REGION");
      if (value == null || value.isBlank()) {
        throw SdkClientException.create("AWS_DEFAULT_REGION is not set");
      }
      return Region.of(value.strip());
    };
    AwsRegionProviderChain chain = new AwsRegionProviderChain(
        new SystemSettingsRegionProvider(),
        new AwsProfileRegionProvider(null, profile.orElse(null)),
        awsCliRegion,
        new InstanceProfileRegionProvider());
    try {
      return chain.getRegion();
    } catch (SdkClientException e) {
      throw new PublishException("no AWS region set: pass --region, set AWS_REGION, or set"
          + " region for profile '" + profile.orElse(envOr("AWS_PROFILE", "default"))
          + "' in ~/.aws/config", e);
    }
  }

  /** The credentials provider, checked: it must yield credentials now. */
  public AwsCredentialsProvider resolveCredentials() {
    AwsCredentialsProvider provider = profile.isPresent()
        ? ProfileCredentialsProvider.create(profile.get())
        : DefaultCredentialsProvider.builder().build();
    try {
      provider.resolveCredentials();
    } catch (SdkClientException | IllegalArgumentException e) {
      throw new PublishException(profile.isPresent()
          ? "no AWS credentials for profile '" + profile.get() + "' (~/.aws/credentials,"
              + " ~/.aws/config): add them with aws configure --profile " + profile.get()
          : "no AWS credentials found (environment, ~/.aws profile, web identity, container or"
              + " instance role): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass"
              + " --profile, or run aws configure", e);
    }
    return provider;
  }

  LambdaClient lambda(Region resolvedRegion, AwsCredentialsProvider credentials) {
    var builder = LambdaClient.builder()
        .region(resolvedRegion)
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  S3Client s3(Region resolvedRegion, AwsCredentialsProvider credentials) {
    var builder = S3Client.builder()
        .region(resolvedRegion)
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    // Emulators and VPC endpoints serve buckets by path, not by virtual host.
    endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
    return builder.build();
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
