package dev.kinetic.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.InferenceLogged.Decision;
import dev.kinetic.contracts.data.Prediction;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.local.LocalRuntime;
import dev.kinetic.platform.store.S3ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The drift function killed mid-window: what it had written survives in the store, and what it lost
 * is within the documented bound (the rows since its last write, fewer than 200).
 */
class DriftRestartIT {

  static final EventTemplate CLIENT = EventTemplate.forFunction("test", new EventValidator());

  @TempDir Path state;
  @AutoClose BaseRuntime kinetic;

  @Test
  void aKilledDriftFunctionRestartsFromItsStoredWindowLosingLessThanTheBound() throws Exception {
    kinetic = BaseRuntime.start(state);
    LocalRuntime runtime = kinetic.runtime();
    StringBuilder csv = new StringBuilder();
    new FraudData().writeCsv(csv, 3000, 3, Scenario.training);
    kinetic.send(CLIENT.event(DataSubmitted.inlineCsv("fraud", csv.toString())));
    String champion =
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> kinetic.get("/functions/registry/models/fraud/champion"), Objects::nonNull)
            .get("version")
            .asString();

    // 650 rows in 13 batches: a write every 200 rows (and every 5 s) reaches the store; what waits
    // in memory is lost with the process
    List<Map<String, Object>> rows = new FraudData().rows(650, 4, Scenario.live);
    for (int batch = 0; batch < 13; batch++) {
      kinetic.send(
          CLIENT.event(batch(champion, "b" + batch, rows.subList(batch * 50, batch * 50 + 50))));
    }
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                runtime
                        .status()
                        .brokers()
                        .getFirst()
                        .triggers()
                        .get("drift-on-inference-logged")
                        .delivered()
                    == 13);
    long written;
    try (S3ObjectStore store = S3ObjectStore.connect(runtime.storeSettings())) {
      runtime.kill("drift");
      JsonNode stored =
          Json.MAPPER.readTree(store.get("state/drift/fraud.json").orElseThrow().readAllBytes());
      assertThat(stored.get("baselineVersion").asString()).isEqualTo(champion);
      written = stored.get("seen").asLong();
    }
    assertThat(650 - written).as("rows only in memory at the kill").isLessThan(200);
    JsonNode report =
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> kinetic.get("/functions/drift/drift/fraud"), Objects::nonNull);

    long kept = report.get("window").get("size").asLong();
    assertThat(kept).as("every row written survived the kill").isEqualTo(written);
    assertThat(650 - kept).as("rows lost").isLessThan(200);
    assertThat(report.get("modelVersion").asString()).isEqualTo(champion);
  }

  private static InferenceLogged batch(String version, String id, List<Map<String, Object>> rows) {
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> inputs = new LinkedHashMap<>(rows.get(i));
      String label = (String) inputs.remove("label");
      inputs.remove("email");
      inputs.values().removeIf(Objects::isNull);
      decisions.add(
          new Decision(
              id + "-" + i,
              Instant.now(),
              inputs,
              Prediction.classified(label, Map.of(label, 0.9f)),
              100));
    }
    return new InferenceLogged("fraud", version, id, decisions);
  }
}
