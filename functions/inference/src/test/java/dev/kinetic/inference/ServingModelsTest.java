package dev.kinetic.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.examples.ExampleData;
import dev.kinetic.examples.FraudData;
import dev.kinetic.examples.HousePricesData;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.scoring.Device;
import dev.kinetic.scoring.SessionSettings;
import dev.kinetic.train.ExampleModels;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServingModelsTest {

  @Test
  void modelsLoadAtTheSameTime() {
    ObjectStore models = new InMemoryObjectStore();
    List<ExampleData> examples = List.of(new FraudData(), new HousePricesData());
    List<String> versions =
        examples.stream()
            .map(
                data -> {
                  ExampleModels.storeSpec(models, data);
                  return ExampleModels.champion(models, data, 600, 1).version();
                })
            .toList();
    // Each model's graph is let through only once both graphs are being read.
    CountDownLatch reading = new CountDownLatch(2);
    AtomicBoolean gaveUp = new AtomicBoolean();
    ObjectStore store =
        ForwardingStore.beforeReadingGraphs(
            models,
            () -> {
              reading.countDown();
              if (!reading.await(5, TimeUnit.SECONDS)) {
                gaveUp.set(true);
              }
            });

    try (ServingModels serving =
        new ServingModels(
            store,
            List.of(),
            Optional.empty(),
            Device.cpu,
            SessionSettings.DEFAULTS,
            new InferenceProperties.Batching(false, 32, Duration.ofNanos(500_000)),
            new InferenceMetrics(OpenTelemetry.noop().getMeter("test")))) {
      serving.refresh();

      assertThat(gaveUp.get()).as("one model waited for the other to be loaded").isFalse();
      assertThat(serving.names()).containsExactly("fraud", "house-prices");
      for (int i = 0; i < examples.size(); i++) {
        assertThat(serving.get(examples.get(i).model()).map(ServedModel::version))
            .hasValue(versions.get(i));
      }
    }
  }
}
