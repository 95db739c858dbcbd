package dev.kinetic.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

  @Test
  void readsAnS3CompatibleEndpointFromTheEnvironmentWithPathStyleByDefault() {
    S3Settings settings =
        S3Settings.fromEnvironment(
            Map.of(S3Settings.BUCKET, "kinetic", S3Settings.ENDPOINT, "http://127.0.0.1:9000"));

    assertThat(settings.bucket()).isEqualTo("kinetic");
    assertThat(settings.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(settings.pathStyle()).isTrue();
    assertThat(settings.region()).isEqualTo("us-east-1");
    assertThat(settings.accessKeyId()).isNull();
  }

  @Test
  void usesAwsS3WhenNoEndpointIsGiven() {
    S3Settings settings =
        S3Settings.fromEnvironment(
            Map.of(S3Settings.BUCKET, "kinetic", S3Settings.REGION, "eu-west-1"));

    assertThat(settings.endpoint()).isNull();
    assertThat(settings.pathStyle()).isFalse();
    assertThat(settings.region()).isEqualTo("eu-west-1");
  }

  @Test
  void namesTheMissingBucketAndNeverPrintsTheSecret() {
    assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of()))
        .hasMessageContaining("KINETIC_S3_BUCKET");
    assertThat(S3Settings.compatible(URI.create("http://h:1"), "b", "key", "s3cr3t").toString())
        .doesNotContain("s3cr3t")
        .contains("credentials=static");
  }
}
