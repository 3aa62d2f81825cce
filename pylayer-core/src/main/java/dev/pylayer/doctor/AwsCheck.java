package dev.pylayer.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether {@code pylayer publish} would find AWS credentials and a region, following the order of
 * the AWS SDK's default chains (environment, web identity, the profile in the shared files,
 * container credentials). Says where they come from, never what they are. Publishing is
 * optional, so a missing one is a warning. Instance-profile credentials (EC2) are not probed:
 * that needs the metadata service, which a build machine off EC2 would wait for.
 */
final class AwsCheck implements DoctorCheck {

  @Override
  public List<Finding> run(DoctorEnvironment environment) {
    Map<String, String> env = environment.env();
    String profile = nonBlank(env.get("AWS_PROFILE")).orElse("default");
    Path credentialsFile = nonBlank(env.get("AWS_SHARED_CREDENTIALS_FILE")).map(Path::of)
        .orElse(environment.home().resolve(".aws/credentials"));
    Path configFile = nonBlank(env.get("AWS_CONFIG_FILE")).map(Path::of)
        .orElse(environment.home().resolve(".aws/config"));
    Map<String, String> fromCredentials = section(credentialsFile, profile);
    Map<String, String> fromConfig = section(configFile,
        profile.equals("default") ? "default" : "profile " + profile);

    List<Finding> findings = new ArrayList<>();
    Optional<String> credentials = credentialSource(env, profile, credentialsFile, configFile,
        fromCredentials, fromConfig);
    findings.add(credentials.isPresent()
        ? Finding.ok("aws-credentials", "AWS credentials for publish: " + credentials.get())
        : Finding.warn("aws-credentials", "no AWS credentials found for pylayer publish"
            + " (environment, profile '" + profile + "' in " + credentialsFile + " or "
            + configFile + ", web identity, container; an EC2 instance role is not probed)",
            "aws configure (or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)"
                + "; only needed to publish"));

    Optional<String> region = nonBlank(env.get("AWS_REGION")).map(r -> r + " (AWS_REGION)")
        .or(() -> nonBlank(fromConfig.get("region"))
            .map(r -> r + " (profile '" + profile + "' in " + configFile + ")"))
        .or(() -> nonBlank(env.get("AWS_DEFAULT_REGION")).map(r -> r + " (AWS_DEFAULT_REGION)"));
    findings.add(region.isPresent()
        ? Finding.ok("aws-region", "AWS region for publish: " + region.get())
        : Finding.warn("aws-region", "no AWS region set for pylayer publish",
            "pass --region, or set AWS_REGION, or region in " + configFile
                + "; only needed to publish"));
    return findings;
  }

  private static Optional<String> credentialSource(Map<String, String> env, String profile,
      Path credentialsFile, Path configFile, Map<String, String> fromCredentials,
      Map<String, String> fromConfig) {
    if (nonBlank(env.get("AWS_ACCESS_KEY_ID")).isPresent()
        && nonBlank(env.get("AWS_SECRET_ACCESS_KEY")).isPresent()) {
      return Optional.of("environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"
          + (env.containsKey("AWS_SESSION_TOKEN") ? ", AWS_SESSION_TOKEN" : "") + ")");
    }
    if (nonBlank(env.get("AWS_WEB_IDENTITY_TOKEN_FILE")).isPresent()
        && nonBlank(env.get("AWS_ROLE_ARN")).isPresent()) {
      return Optional.of("web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)");
    }
    for (String key : List.of("aws_access_key_id", "role_arn", "sso_session", "sso_start_url",
        "credential_process", "credential_source")) {
      if (fromCredentials.containsKey(key)) {
        return Optional.of("profile '" + profile + "' in " + credentialsFile + " (" + key + ")");
      }
      if (fromConfig.containsKey(key)) {
        return Optional.of("profile '" + profile + "' in " + configFile + " (" + key + ")");
      }
    }
    if (env.containsKey("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        || env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
      return Optional.of("container credentials (AWS_CONTAINER_CREDENTIALS_*)");
    }
    return Optional.empty();
  }

  /**
   * The keys of one section of an AWS shared file. Values are kept only for {@code region}:
   * nothing secret stays in memory longer than the parse.
   */
  static Map<String, String> section(Path file, String name) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return Map.of();
    }
    Map<String, Map<String, String>> sections = new HashMap<>();
    Map<String, String> current = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        String section = line.substring(1, line.length() - 1).strip().replaceAll("\\s+", " ");
        current = sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      if (current != null && eq > 0) {
        String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        current.put(key, key.equals("region") ? line.substring(eq + 1).strip() : "");
      }
    }
    return sections.getOrDefault(name, Map.of());
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
