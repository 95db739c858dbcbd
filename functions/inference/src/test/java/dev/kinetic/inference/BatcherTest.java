package dev.kinetic.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.platform.features.FeatureEncoding;
import dev.kinetic.platform.model.LoadedModel;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.scoring.OnnxModel;
import dev.kinetic.train.ExampleModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class BatcherTest {

  /** A fraud model trained on a little example data. */
  static LoadedModel fraudModel() {
    InMemoryObjectStore store = new InMemoryObjectStore();
    ExampleModels.storeSpec(store, new FraudData());
    ModelTrained trained = ExampleModels.train(store, new FraudData(), 500, 3, Scenario.training);
    return new ModelStore(store).load("fraud", trained.version()).orElseThrow();
  }

  @Test
  void coalescesConcurrentRowsAndAnswersEachItsOwnOutput() throws Exception {
    LoadedModel loaded = fraudModel();
    FeatureEncoding encoding = loaded.card().encoding();
    List<Map<String, Object>> rows = new FraudData().rows(64, 4, Scenario.live);

    try (OnnxModel model = OnnxModel.load(loaded.onnx(), encoding.width());
        Batcher batcher = new Batcher(model, 16, Duration.ofMillis(20));
        ExecutorService pool = Executors.newFixedThreadPool(64)) {
      CyclicBarrier together = new CyclicBarrier(64);
      List<CompletableFuture<float[]>> answers =
          rows.stream()
              .map(
                  row ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            await(together);
                            return batcher.score(encoding.encodeFloats(List.of(row)));
                          },
                          pool))
              .toList();

      for (int i = 0; i < rows.size(); i++) {
        float[] alone = model.score(encoding.encodeFloats(List.of(rows.get(i))), 1);
        assertThat(answers.get(i).join()).containsExactly(alone);
      }
      assertThat(batcher.runs()).isLessThan(64).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void closingScoresTheRowsThatAreWaitingForABatch() throws Exception {
    LoadedModel loaded = fraudModel();
    FeatureEncoding encoding = loaded.card().encoding();
    float[] row = encoding.encodeFloats(new FraudData().rows(1, 6, Scenario.live));

    try (OnnxModel model = OnnxModel.load(loaded.onnx(), encoding.width());
        ExecutorService pool = Executors.newFixedThreadPool(5)) {
      // A batch that neither fills nor times out while the test runs.
      Batcher batcher = new Batcher(model, 100, Duration.ofMinutes(10));
      List<CompletableFuture<float[]>> answers =
          IntStream.range(0, 5)
              .mapToObj(i -> CompletableFuture.supplyAsync(() -> batcher.score(row), pool))
              .toList();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> batcher.waiting() == 5);

      batcher.close();

      float[] alone = model.score(row, 1);
      for (CompletableFuture<float[]> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS)).containsExactly(alone);
      }
      assertThat(batcher.runs()).isEqualTo(1);
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
