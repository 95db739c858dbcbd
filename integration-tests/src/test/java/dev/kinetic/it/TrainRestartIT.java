package dev.kinetic.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.local.LocalRuntime;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.S3ObjectStore;
import dev.kinetic.platform.store.WriteCondition;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The train function killed while it trains: the event is redelivered and trained once. */
class TrainRestartIT {

  @TempDir Path state;
  @AutoClose BaseRuntime kinetic;

  @Test
  void aTrainingKilledHalfWayIsRedeliveredAndProducesOneVersion() throws Exception {
    kinetic = BaseRuntime.start(state);
    LocalRuntime runtime = kinetic.runtime();
    AtomicInteger trained = new AtomicInteger();
    runtime.onEvent(
        event -> {
          if (event.getType().equals(EventType.MODEL_TRAINED.type())) {
            trained.incrementAndGet();
          }
        });
    StringBuilder csv = new StringBuilder();
    new FraudData().writeCsv(csv, 60_000, 5, Scenario.training);
    try (S3ObjectStore store = S3ObjectStore.connect(runtime.storeSettings())) {
      store.put(
          "uploads/fraud.csv",
          ObjectContent.of(csv.toString().getBytes(StandardCharsets.UTF_8)),
          WriteCondition.none());
    }
    kinetic.send(
        EventTemplate.forFunction("test", new EventValidator())
            .event(
                new DataSubmitted(
                    "fraud", null, null, URI.create("s3://kinetic/uploads/fraud.csv"), null)));

    Path trainLog = state.resolve("logs/train.log");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                Files.exists(trainLog)
                    && Files.readString(trainLog).contains("Started TrainApplication"));
    Thread.sleep(1000); // into the training of 48,000 rows
    runtime.kill("train");
    assertThat(trained).as("killed before it answered").hasValue(0);

    JsonNode champion =
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> kinetic.get("/functions/registry/models/fraud/champion"), c -> c != null);
    JsonNode versions = kinetic.get("/functions/registry/models/fraud/versions");

    assertThat(versions).hasSize(1);
    assertThat(versions.get(0).get("version").asString())
        .isEqualTo(champion.get("version").asString());
    assertThat(trained).hasValue(1);
    var delivery =
        runtime.status().brokers().getFirst().triggers().get("train-on-dataset-ingested");
    assertThat(delivery.retried()).as("the killed delivery was retried").isPositive();
    assertThat(delivery.deadLettered()).isZero();
    assertThat(delivery.dropped()).isZero();
  }
}
