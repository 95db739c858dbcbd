package dev.kinetic.ingest;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.function.EventFunction;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.S3Settings;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
   */
  @ConfigurationProperties("kinetic.ingest")
  public record IngestProperties(String piiKey, String bucket) {
    @Override
    public String toString() {
      return "IngestProperties[piiKey="
          + (piiKey == null ? "unset" : "set")
          + ", bucket="
          + bucket
          + "]";
    }
  }

  public static void main(String[] args) {
    SpringApplication.run(IngestApplication.class, args);
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
  EventFunction ingest(Ingestion ingestion, EventTemplate template) {
    return new IngestFunction(ingestion, template);
  }
}
