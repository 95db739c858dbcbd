package dev.kinetic.ingest;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.function.EventFunction;
import dev.kinetic.function.FunctionApplication;
import dev.kinetic.function.security.ApiAccess;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.S3Settings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;

/** The ingest function: validates submitted records and publishes them as a dataset version. */
@SpringBootApplication
@EnableConfigurationProperties(IngestApplication.IngestProperties.class)
public class IngestApplication {

  /**
   * {@code kinetic.ingest.*}.
   *
   * @param piiKey the secret HMAC key PII columns are tokenized with (at least 16 bytes); from a
   *     Kubernetes Secret in a cluster, {@code KINETIC_INGEST_PII_KEY}; never logged
   * @param bucket the bucket of the model store, the only one {@code s3://} locations may name
   * @param feedbackGrace how long feedback waits for its decisions to reach the audit log before
   *     the unmatched labels are quarantined (default 2 minutes)
   * @param feedbackDays how many days of the audit log a label's decision is looked for in
   */
  @ConfigurationProperties("kinetic.ingest")
  public record IngestProperties(
      String piiKey,
      String bucket,
      @DefaultValue("2m") Duration feedbackGrace,
      @DefaultValue("2") int feedbackDays) {
    @Override
    public String toString() {
      return "IngestProperties[piiKey="
          + (piiKey == null ? "unset" : "set")
          + ", bucket="
          + bucket
          + ", feedbackGrace="
          + feedbackGrace
          + ", feedbackDays="
          + feedbackDays
          + "]";
    }
  }

  public static void main(String[] args) {
    FunctionApplication.run(IngestApplication.class, args);
  }

  @Bean
  Ingestion ingestion(ObjectStore store, IngestProperties properties) {
    String bucket =
        properties.bucket() != null
            ? properties.bucket()
            : System.getenv().getOrDefault(S3Settings.BUCKET, "kinetic");
    return new Ingestion(
        store,
        bucket,
        Optional.ofNullable(properties.piiKey())
            .filter(key -> !key.isBlank())
            .map(key -> key.getBytes(StandardCharsets.UTF_8)));
  }

  @Bean
  EventFunction ingest(
      Ingestion ingestion, ObjectStore store, IngestProperties properties, EventTemplate template) {
    FeedbackJoin feedback =
        new FeedbackJoin(
            ingestion,
            store,
            Clock.systemUTC(),
            properties.feedbackGrace(),
            properties.feedbackDays());
    return new IngestFunction(ingestion, feedback, template);
  }

  /** Data may be submitted here directly, as events, with scope {@code ingest}. */
  @Bean
  ApiAccess apiAccess() {
    return ApiAccess.builder().eventsFrom(Scopes.INGEST).build();
  }
}
