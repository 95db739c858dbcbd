package dev.kinetic.train;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.examples.ExampleData;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.DatasetSource;
import dev.kinetic.platform.dataset.DatasetStore;
import dev.kinetic.platform.dataset.PublishedDataset;
import dev.kinetic.platform.dataset.RowReader;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.ObjectStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Example data published as dataset versions, as the ingest function would, and trained as the
 * train function does: real model versions for the tests of what comes after training.
 */
public final class ExampleModels {

  private ExampleModels() {}

  public static ModelSpec storeSpec(ObjectStore store, ExampleData data) {
    return storeSpec(store, data, "");
  }

  /** Stores the example's spec with {@code extra} YAML appended (later keys win). */
  public static ModelSpec storeSpec(ObjectStore store, ExampleData data, String extra) {
    return new SpecStore(store).put(data.spec() + "\n" + extra, data.model() + ".yaml");
  }

  /** Publishes a dataset of {@code data} and trains a version on it, as the spec says. */
  public static ModelTrained train(
      ObjectStore store, ExampleData data, int rows, long seed, Scenario scenario) {
    publish(store, data, rows, seed, scenario);
    return new Training(store, Clock.systemUTC(), "test")
        .train(
            "train-" + seed,
            new TrainingRequested(data.model(), TrainingRequested.Reason.manual, null, null));
  }

  /** Trains a version as {@link #train} does and makes it the champion. */
  public static ModelTrained champion(ObjectStore store, ExampleData data, int rows, long seed) {
    ModelTrained trained = train(store, data, rows, seed, Scenario.training);
    ModelStore models = new ModelStore(store);
    models.compareAndSetChampion(
        data.model(), models.champion(data.model()), trained.version(), "test");
    return trained;
  }

  public static PublishedDataset publish(
      ObjectStore store, ExampleData data, int rows, long seed, Scenario scenario) {
    return publish(store, data, rows, seed, scenario, DatasetSource.SUBMITTED);
  }

  /** Publishes {@code rows} of {@code scenario} as a dataset version from {@code source}. */
  public static PublishedDataset publish(
      ObjectStore store,
      ExampleData data,
      int rows,
      long seed,
      Scenario scenario,
      DatasetSource source) {
    ModelSpec spec = new SpecStore(store).find(data.model()).orElseThrow().spec();
    try {
      Path csv = Files.createTempFile("kinetic-dataset-", ".csv");
      try {
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
          data.writeCsv(out, rows, seed, scenario);
        }
        DatasetProfile profile = DatasetProfile.of(spec, () -> RowReader.csv(newInput(csv)));
        return new DatasetStore(store)
            .publish(data.model(), csv, Json.MAPPER.writeValueAsBytes(profile), rows, source);
      } finally {
        Files.deleteIfExists(csv);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the ingest function replies for {@code dataset}. */
  static DatasetIngested ingested(PublishedDataset dataset, boolean duplicate) {
    return new DatasetIngested(
        dataset.manifest().model(),
        dataset.manifest().version(),
        dataset.manifest().dataKey(),
        dataset.manifest().profileKey(),
        dataset.manifest().manifestKey(),
        null,
        dataset.manifest().rows(),
        0,
        duplicate,
        dataset.manifest().origin());
  }

  private static java.io.InputStream newInput(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
