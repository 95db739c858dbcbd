package dev.kinetic.drift;

import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.train.ExampleModels;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast a window takes live traffic, on one thread: raw window updates, then whole decision
 * batches through {@link DriftMonitor#observe} (encoding each feature, and the write-behind merges
 * into the store amortised), against a plain copy of the same values into an array as the floor.
 *
 * <p>Run: {@code ./mvnw -q -pl functions/drift -am package -DskipTests} then {@code java -cp
 * "functions/drift/target/test-classes:functions/drift/target/classes:$(cat
 * functions/drift/target/bench.classpath)" dev.kinetic.drift.DriftBenchmark}
 */
public final class DriftBenchmark {

  private static final int ROUNDS = 8;
  private static final int PASSES = 5;

  public static void main(String[] args) {
    InMemoryObjectStore store = new InMemoryObjectStore();
    ExampleModels.storeSpec(store, DriftMonitorTest.FRAUD);
    DriftMonitorTest.champion =
        ExampleModels.champion(store, DriftMonitorTest.FRAUD, 3000, 1).version();
    DriftMonitor monitor =
        new DriftMonitors(
                store, Clock.systemUTC(), Integer.getInteger("flushRows", 200), Duration.ofHours(1))
            .of("fraud", null)
            .orElseThrow();
    int features = 6; // five inputs and the prediction
    List<InferenceLogged> batches = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      batches.add(DriftMonitorTest.batch(Scenario.live, 250, i, true, "b" + i));
    }
    int rowsPerRound = PASSES * 40 * 250;

    LiveWindow window = new LiveWindow(features, 1000);
    float[][] floor = new float[features][1000];
    for (int round = 0; round < ROUNDS; round++) {
      long copyNanos = time(() -> copy(floor, 2_000_000));
      long windowNanos = time(() -> fill(window, 2_000_000));
      int r = round;
      long monitorNanos =
          time(
              () -> {
                for (int pass = 0; pass < PASSES; pass++) {
                  for (int i = 0; i < batches.size(); i++) {
                    monitor.observe("round-" + r + "-" + pass + "-" + i, batches.get(i));
                  }
                }
              });
      double copyRate = 2_000_000.0 * features / copyNanos * 1e9;
      double windowRate = 2_000_000.0 * features / windowNanos * 1e9;
      double monitorRate = (double) rowsPerRound * features / monitorNanos * 1e9;
      System.out.printf(
          "round %d: array copy %.1f M feature-updates/s; window %.1f M/s (%.2fx the copy);"
              + " decisions through the monitor %.2f M/s (%.3fx the copy)%n",
          round,
          copyRate / 1e6,
          windowRate / 1e6,
          windowRate / copyRate,
          monitorRate / 1e6,
          monitorRate / copyRate);
    }
    long stateBytes = store.get("state/drift/fraud.json").orElseThrow().readAllBytes().length;
    System.out.printf(
        "stored window: %d bytes for %d columns of %d rows (%.0f bytes a feature, JSON with base64)%n",
        stateBytes, features, 1000, (double) stateBytes / features);
  }

  private static long time(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return System.nanoTime() - start;
  }

  private static void copy(float[][] columns, int rows) {
    for (int i = 0; i < rows; i++) {
      int slot = i % columns[0].length;
      for (int c = 0; c < columns.length; c++) {
        columns[c][slot] = i * 0.5f + c;
      }
    }
  }

  private static void fill(LiveWindow window, int rows) {
    for (int i = 0; i < rows; i++) {
      int slot = window.append(i);
      for (int c = 0; c < window.columns(); c++) {
        window.set(c, slot, i * 0.5f + c);
      }
    }
  }
}
