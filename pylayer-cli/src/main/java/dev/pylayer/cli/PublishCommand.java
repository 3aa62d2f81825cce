package dev.pylayer.cli;

import dev.pylayer.pep.Arch;
import dev.pylayer.pipeline.LayerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pylayer publish}: the built zips as Lambda layer versions. The AWS SDK lives in
 * pylayer-aws.jar; this class names none of its types (picocli reflects on it at every start),
 * {@link PublishRunner} does the work.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes the layer zip of each architecture of the spec (as pylayer build wrote it) as a"
          + " Lambda layer version: compatible runtime and architecture from the spec, the zip's"
          + " sha256 and pylayer's version in the description, licence info.",
      "Idempotent: when the newest version of the layer has the same sha256, prints its ARN and"
          + " publishes nothing. Zips over 50 MB go through S3 (--s3-bucket).",
      "Credentials, region and endpoint come from the AWS SDK's default chains (AWS_* variables,"
          + " ~/.aws, web identity, container, instance role); --profile, --region and"
          + " --endpoint-url override them. Secrets are never printed."
    },
    footer = {
      "",
      "Examples:",
      "  pylayer publish --region eu-west-1            # python-litellm-arm64, version ARN printed",
      "  pylayer publish --s3-bucket my-artifacts       # a zip over 50 MB, staged in S3",
      "  pylayer publish --principal '*' --organization-id o-abc123   # share with the org",
      "",
      "Exit status: 0 published or already there, 1 failed (message on stderr), 2 bad options."
    })
final class PublishCommand implements Callable<Integer> {

  private final CliEnvironment environment;

  PublishCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Mixin SpecOptions specOptions;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR",
      description = "Where pylayer build wrote layer-build-ARCH/ (default: the spec's out).")
  Path out;

  @Option(names = "--zip", paramLabel = "FILE",
      description = "Publish this zip instead of the built one (one architecture only).")
  Path zip;

  @Option(names = "--layer-name", paramLabel = "NAME",
      description = "The Lambda layer's name (default: python-NAME-ARCH, the zip's name); with"
          + " several architectures, -ARCH is appended.")
  String layerName;

  @Option(names = "--s3-bucket", paramLabel = "BUCKET",
      description = "Bucket (in the same region) to stage zips over 50 MB in.")
  String s3Bucket;

  @Option(names = "--principal", paramLabel = "ACCOUNT|*",
      description = "Also allow this account (or '*') to use the version"
          + " (lambda:GetLayerVersion).")
  String principal;

  @Option(names = "--organization-id", paramLabel = "ID",
      description = "With --principal '*': only accounts of this AWS organization.")
  String organizationId;

  @Option(names = "--license-info", paramLabel = "TEXT",
      description = "The layer's licence info (default: CPython's PSF-2.0 and a pointer to the"
          + " packages' licences).")
  String licenseInfo = PublishRunner.DEFAULT_LICENSE_INFO;

  @Option(names = "--region", paramLabel = "REGION", description = "AWS region, e.g. eu-west-1.")
  String region;

  @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile of ~/.aws.")
  String profile;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Another Lambda/S3 endpoint (LocalStack, moto, a VPC endpoint).")
  String endpointUrl;

  @Option(names = {"-q", "--quiet"}, description = "Print only warnings, errors and the result.")
  boolean quiet;

  @Option(names = "--json", description = "Print the results as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Path workingDir = environment.workingDir();
    LayerSpec spec = specOptions.toOverrides().outDir(out).build().resolve(workingDir);
    if (zip != null && spec.arches().size() != 1) {
      throw new IllegalArgumentException("--zip publishes one zip, but the spec has "
          + spec.arches().size() + " architectures: add --arch ARCH");
    }
    List<PublishRunner.Target> targets = new ArrayList<>();
    for (Arch arch : spec.arches()) {
      Path file = zip != null ? workingDir.resolve(zip)
          : spec.outDir(arch).resolve(spec.zipName(arch));
      String name = layerName == null ? spec.zipName(arch).replaceFirst("\\.zip$", "")
          : spec.arches().size() == 1 ? layerName : layerName + "-" + arch.lambdaName();
      targets.add(new PublishRunner.Target(file, name, arch.lambdaName()));
    }
    checkAwsOnClassPath();
    new PublishRunner(region, profile, endpointUrl, s3Bucket, principal, organizationId,
        licenseInfo).run(spec, targets, new ConsoleListener(environment.err(), quiet), json,
        environment.out());
    return 0;
  }

  /** pylayer-aws.jar sits beside pylayer.jar; a copied-away pylayer.jar lacks it. */
  private static void checkAwsOnClassPath() {
    try {
      Class.forName("software.amazon.awssdk.services.lambda.LambdaClient", false,
          PublishCommand.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new dev.pylayer.pipeline.BuildException("publish needs pylayer-aws.jar beside"
          + " pylayer.jar (it holds the AWS SDK); ./pylayer builds both, or run java -cp"
          + " pylayer.jar:pylayer-aws.jar dev.pylayer.cli.PylayerCommand publish ...");
    }
  }
}
