package dev.kinetic.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.contracts.data.DatasetIngested.Origin;
import dev.kinetic.contracts.data.FeedbackReceived;
import dev.kinetic.contracts.data.FeedbackReceived.GroundTruth;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.InferenceLogged.Decision;
import dev.kinetic.contracts.data.Prediction;
import dev.kinetic.examples.ExampleData;
import dev.kinetic.platform.audit.AuditLog;
import dev.kinetic.platform.dataset.DatasetStore;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedbackJoinTest {

  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  InMemoryObjectStore store = new InMemoryObjectStore();
  Ingestion ingestion = new Ingestion(store, "kinetic", Optional.of(IngestionTest.KEY));
  FeedbackJoin join =
      new FeedbackJoin(
          ingestion, store, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(2), 2);

  @BeforeEach
  void storeSpecAndDecisions() {
    new SpecStore(store).put(ExampleData.of("fraud").spec(), "fraud");
    Map<String, Object> transaction =
        Map.of("amount", 120.5, "hour", 3, "country", "DE", "channel", "online");
    new AuditLog(store)
        .write(
            new InferenceLogged(
                "fraud",
                "v1",
                "batch-1",
                List.of(
                    new Decision(
                        "req-1",
                        NOW.minusSeconds(30),
                        transaction,
                        Prediction.classified("legit", Map.of("legit", 0.7f)),
                        90),
                    new Decision(
                        "req-2",
                        NOW.minusSeconds(20),
                        Map.of("amount", 9.0, "hour", 14, "country", "US", "channel", "pos"),
                        Prediction.classified("legit", Map.of("legit", 0.9f)),
                        80))));
  }

  @Test
  void labelsJoinedWithTheirLoggedInputsBecomeADatasetOfProductionTraffic() {
    DatasetIngested ingested =
        join.join(
            "fb-1",
            NOW,
            new FeedbackReceived(
                "fraud",
                List.of(
                    new GroundTruth("req-1", "fraud", null),
                    new GroundTruth("req-2", "legit", null))));

    assertThat(ingested.origin()).isEqualTo(Origin.feedback);
    assertThat(ingested.rowsAccepted()).isEqualTo(2);
    var manifest =
        new DatasetStore(store).manifest("fraud", ingested.datasetVersion()).orElseThrow();
    assertThat(manifest.origin()).isEqualTo(Origin.feedback);
    assertThat(manifest.trafficFrom())
        .as("the oldest labelled decision")
        .isEqualTo(NOW.minusSeconds(30));
    assertThat(manifest.trafficTo()).isEqualTo(NOW.minusSeconds(20));
    String data =
        new String(
            store.get(ingested.dataKey()).orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(data.lines().toList())
        .contains("fraud,120.5,3,DE,online,,", "legit,9.0,14,US,pos,,");
  }

  @Test
  void aLabelWhoseDecisionIsNotLoggedYetIsRetriedWithinTheGrace() {
    FeedbackReceived early =
        new FeedbackReceived("fraud", List.of(new GroundTruth("req-3", "fraud", null)));

    assertThatThrownBy(() -> join.join("fb-2", NOW.minusSeconds(10), early))
        .isInstanceOf(FeedbackJoin.DecisionsNotLoggedYetException.class)
        .hasMessageContaining("req-3");
  }

  @Test
  void afterTheGraceUnmatchedLabelsAreQuarantinedAndTheRestIngested() {
    FeedbackReceived late =
        new FeedbackReceived(
            "fraud",
            List.of(
                new GroundTruth("req-1", "fraud", null), new GroundTruth("req-9", "legit", null)));

    DatasetIngested ingested = join.join("fb-3", NOW.minusSeconds(600), late);

    assertThat(ingested.rowsAccepted()).isEqualTo(1);
    String quarantined =
        new String(
            store.get("quarantine/fraud/fb-3.unmatched.jsonl").orElseThrow().readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(quarantined).contains("req-9").contains("no decision with this request id");
  }
}
