package dev.kinetic.registry;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.examples.ExampleData;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.DatasetStore;
import dev.kinetic.platform.dataset.RowReader;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.train.Training;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Real model versions for registry tests, trained as the train function trains them. */
final class Versions {

  private final ObjectStore store;
  private final Training training;

  Versions(ObjectStore store) {
    this.store = store;
    this.training = new Training(store, Clock.systemUTC(), "test");
  }

  /** Stores the example's spec, with {@code extra} YAML lines appended (later keys win). */
  Versions spec(ExampleData data, String extra) {
    new SpecStore(store).put(data.spec() + "\n" + extra, data.model() + ".yaml");
    return this;
  }

  /** Publishes a dataset from {@code data} and trains a version on it. */
  ModelTrained train(ExampleData data, int rows, long seed, Scenario scenario) {
    ModelSpec spec = new SpecStore(store).find(data.model()).orElseThrow().spec();
    StringBuilder csv = new StringBuilder();
    data.writeCsv(csv, rows, seed, scenario);
    try {
      Path file = Files.createTempFile("kinetic-registry-", ".csv");
      try {
        Files.writeString(file, csv);
        DatasetProfile profile =
            DatasetProfile.of(spec, () -> RowReader.csv(new StringReader(csv.toString())));
        new DatasetStore(store)
            .publish(data.model(), file, Json.MAPPER.writeValueAsBytes(profile), rows);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return training.train(
        "train-" + seed,
        new TrainingRequested(data.model(), TrainingRequested.Reason.manual, null, null));
  }
}
