package dev.kinetic.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.DatasetStore;
import dev.kinetic.platform.dataset.RowReader;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.InMemoryObjectStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size: 100,000 rows of 20 numeric features, a spec with no trainer parameters (the
 * defaults). Prints the time and the heap it took; the bound is the function's 5-minute timeout.
 */
class TrainingScaleIT {

  static final int ROWS = 100_000;
  static final int FEATURES = 20;

  @TempDir Path temp;

  @Test
  void trainsAHundredThousandRowsOfTwentyFeatures() throws IOException {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("run by failsafe with -Xmx512m")
        .isLessThanOrEqualTo(512L * 1024 * 1024);
    InMemoryObjectStore store = new InMemoryObjectStore();
    StringBuilder spec =
        new StringBuilder("name: wide\ntask: classification\nlabel: y\nfeatures:\n");
    for (int f = 0; f < FEATURES; f++) {
      spec.append("  - {name: f").append(f).append(", type: numeric}\n");
    }
    spec.append("trainer: {algorithm: logistic-regression}\n");
    ModelSpec parsed = new SpecStore(store).put(spec.toString(), "wide.yaml");
    Path csv = temp.resolve("wide.csv");
    SplittableRandom random = new SplittableRandom(5);
    try (BufferedWriter out = Files.newBufferedWriter(csv)) {
      out.write("y");
      for (int f = 0; f < FEATURES; f++) {
        out.write(",f" + f);
      }
      out.newLine();
      for (int r = 0; r < ROWS; r++) {
        double[] x = new double[FEATURES];
        double logit = 0;
        for (int f = 0; f < FEATURES; f++) {
          x[f] = random.nextGaussian();
          logit += (f % 3 - 1) * x[f];
        }
        out.write(random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? "yes" : "no");
        for (double v : x) {
          out.write("," + v);
        }
        out.newLine();
      }
    }
    DatasetProfile profile = DatasetProfile.of(parsed, () -> RowReader.csv(open(csv)));
    new DatasetStore(store).publish("wide", csv, Json.MAPPER.writeValueAsBytes(profile), ROWS);

    long start = System.nanoTime();
    ModelTrained trained =
        new Training(store, Clock.systemUTC(), "test")
            .train(
                "scale",
                new TrainingRequested("wide", TrainingRequested.Reason.manual, null, null));
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.printf(
        "trained %,d rows x %d features in %.1f s (accuracy %.3f) within a %d MiB heap%n",
        ROWS,
        FEATURES,
        seconds,
        trained.metrics().get("accuracy"),
        Runtime.getRuntime().maxMemory() >> 20);
    assertThat(seconds).as("the function timeout").isLessThan(300);
    assertThat(trained.metrics().get("accuracy")).isGreaterThan(0.75);
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
