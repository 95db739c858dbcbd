package dev.kinetic.platform.store;

import java.net.URI;
import java.util.Map;

/**
 * Where the Kinetic bucket is and how to reach it.
 *
 * @param bucket the one bucket holding datasets, models, audit logs and state
 * @param endpoint an S3-compatible endpoint, or {@code null} for AWS S3 itself
 * @param region the signing region (S3-compatible servers accept any)
 * @param pathStyle address the bucket in the path rather than the host name, as S3-compatible
 *     servers on loopback need
 * @param accessKeyId static credentials, or {@code null} for the AWS default chain (environment,
 *     web identity, EKS Pod Identity, instance profile)
 * @param secretAccessKey the secret of {@code accessKeyId}; never printed
 */
public record S3Settings(
    String bucket,
    URI endpoint,
    String region,
    boolean pathStyle,
    String accessKeyId,
    String secretAccessKey) {

  /** Environment variable naming the bucket; required. */
  public static final String BUCKET = "KINETIC_S3_BUCKET";

  /** Environment variable with an S3-compatible endpoint URL; absent for AWS S3. */
  public static final String ENDPOINT = "KINETIC_S3_ENDPOINT";

  /**
   * Environment variable: {@code true} for path-style addressing; default true with an endpoint.
   */
  public static final String PATH_STYLE = "KINETIC_S3_PATH_STYLE";

  /** The AWS SDK's own region variable, read here so the default is explicit. */
  public static final String REGION = "AWS_REGION";

  public S3Settings {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException(BUCKET + " must name the bucket");
    }
    if (region == null || region.isBlank()) {
      region = "us-east-1";
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "give both an access key id and its secret, or neither to use the default chain");
    }
  }

  /** Settings for an S3-compatible server with static credentials, such as the embedded one. */
  public static S3Settings compatible(
      URI endpoint, String bucket, String accessKey, String secret) {
    return new S3Settings(bucket, endpoint, null, true, accessKey, secret);
  }

  /**
   * Reads {@value #BUCKET}, {@value #ENDPOINT}, {@value #PATH_STYLE} and {@value #REGION};
   * credentials come from the AWS default chain.
   */
  public static S3Settings fromEnvironment(Map<String, String> environment) {
    String endpoint = environment.get(ENDPOINT);
    String pathStyle = environment.get(PATH_STYLE);
    return new S3Settings(
        environment.get(BUCKET),
        endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint),
        environment.get(REGION),
        pathStyle == null ? endpoint != null : Boolean.parseBoolean(pathStyle),
        null,
        null);
  }

  @Override
  public String toString() {
    return "S3Settings[bucket="
        + bucket
        + ", endpoint="
        + (endpoint == null ? "AWS" : endpoint)
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", credentials="
        + (accessKeyId == null ? "default chain" : "static")
        + "]";
  }
}
