package dev.kinetic.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.contracts.data.TrainingRequested.Reason;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.platform.dataset.DatasetSource;
import dev.kinetic.platform.dataset.PublishedDataset;
import dev.kinetic.platform.store.InMemoryObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetrainingTest {

  static final FraudData FRAUD = new FraudData();
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  InMemoryObjectStore store = new InMemoryObjectStore();
  Instant drifted = Instant.now().minusSeconds(60);

  /** Traffic labelled now, from decisions made over the last ten seconds. */
  static DatasetSource traffic() {
    return DatasetSource.traffic(Instant.now().minusSeconds(10), Instant.now());
  }

  Retraining policy(String retraining) {
    ExampleModels.storeSpec(store, FRAUD, "retraining: " + retraining);
    return new Retraining(store, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void aSignalWaitsForLabelledRowsAndTheDataThatCompletesItStartsTheTraining() {
    Retraining retraining =
        policy("{cooldown: PT10M, minNewLabelledRows: 100, data: trafficAndIngested}");
    PublishedDataset submitted =
        ExampleModels.publish(store, FRAUD, 500, 1, Scenario.training, DatasetSource.SUBMITTED);

    assertThat(retraining.onSignal("drift-1", "fraud", Reason.drift, drifted)).isEmpty();
    assertThat(retraining.onLabelledData("ingested-1", "fraud"))
        .as("no labelled rows yet")
        .isEmpty();

    PublishedDataset traffic =
        ExampleModels.publish(store, FRAUD, 150, 2, Scenario.shifted, traffic());
    Optional<TrainingRequested> request = retraining.onLabelledData("ingested-2", "fraud");

    assertThat(request).isPresent();
    assertThat(request.get().reason()).isEqualTo(Reason.drift);
    assertThat(request.get().cause()).isEqualTo("drift-1");
    assertThat(request.get().datasets().versions())
        .containsExactly(submitted.manifest().version(), traffic.manifest().version());
    assertThat(retraining.onLabelledData("ingested-3", "fraud"))
        .as("more labelled data while that training runs")
        .isEmpty();
    assertThat(retraining.onLabelledData("ingested-2", "fraud"))
        .as("the claiming event redelivered after a crash")
        .hasValue(request.get());
  }

  @Test
  void trafficAloneLeavesTheSubmittedDataOut() {
    Retraining retraining = policy("{data: traffic}");
    ExampleModels.publish(store, FRAUD, 500, 1, Scenario.training, DatasetSource.SUBMITTED);
    PublishedDataset traffic =
        ExampleModels.publish(store, FRAUD, 150, 2, Scenario.shifted, traffic());

    assertThat(retraining.onSignal("drift-1", "fraud", Reason.drift, drifted).orElseThrow())
        .satisfies(
            r -> assertThat(r.datasets().versions()).containsExactly(traffic.manifest().version()));
  }

  @Test
  void labelledRowsFromBeforeTheDriftedWindowDoNotCount() {
    Retraining retraining = policy("{minNewLabelledRows: 100}");
    ExampleModels.publish(store, FRAUD, 150, 2, Scenario.live, traffic());

    assertThat(retraining.onSignal("drift-1", "fraud", Reason.drift, Instant.now().plusSeconds(60)))
        .isEmpty();
  }

  @Test
  void aBurstOfSignalsTrainsOnceAndARedeliveryOfTheFirstTrainsAgain() throws Exception {
    Retraining retraining = policy("{cooldown: PT10M}");
    ExampleModels.publish(store, FRAUD, 150, 2, Scenario.shifted, traffic());
    List<Callable<Optional<TrainingRequested>>> burst =
        IntStream.range(0, 8)
            .<Callable<Optional<TrainingRequested>>>mapToObj(
                i -> () -> retraining.onSignal("drift-" + i, "fraud", Reason.drift, drifted))
            .toList();

    List<TrainingRequested> started;
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      started =
          pool.invokeAll(burst).stream()
              .map(RetrainingTest::join)
              .flatMap(Optional::stream)
              .toList();
    }

    assertThat(started).hasSize(1);
    String winner = started.getFirst().cause();
    assertThat(retraining.onSignal(winner, "fraud", Reason.drift, drifted))
        .as("the claiming event redelivered")
        .isPresent();
    assertThat(retraining.onSignal("later", "fraud", Reason.performance, drifted))
        .as("within the cooldown")
        .isEmpty();
    Retraining afterCooldown =
        new Retraining(store, Clock.fixed(NOW.plusSeconds(601), ZoneOffset.UTC));
    assertThat(afterCooldown.onSignal("later", "fraud", Reason.performance, drifted)).isPresent();
  }

  private static <T> T join(Future<T> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
