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
import org.junit.jupiter.api.Test;

class BatcherTest {

  @Test
  void coalescesConcurrentRowsAndAnswersEachItsOwnOutput() throws Exception {
    InMemoryObjectStore store = new InMemoryObjectStore();
    ExampleModels.storeSpec(store, new FraudData());
    ModelTrained trained = ExampleModels.train(store, new FraudData(), 500, 3, Scenario.training);
    LoadedModel loaded = new ModelStore(store).load("fraud", trained.version()).orElseThrow();
    FeatureEncoding encoding = loaded.card().encoding();
    byte[] onnx = loaded.onnx();
    List<Map<String, Object>> rows = new FraudData().rows(64, 4, Scenario.live);

    try (OnnxModel model = OnnxModel.load(onnx, encoding.width());
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

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
