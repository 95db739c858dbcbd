package dev.kinetic.train;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.examples.ExampleData;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.DatasetStore;
import dev.kinetic.platform.dataset.PublishedDataset;
import dev.kinetic.platform.dataset.RowReader;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.ObjectStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Publishes example data as dataset versions, as the ingest function would. */
final class Datasets {

  private Datasets() {}

  static ModelSpec storeSpec(ObjectStore store, ExampleData data) {
    return new SpecStore(store).put(data.spec(), data.model() + ".yaml");
  }

  static PublishedDataset publish(
      ObjectStore store, ExampleData data, int rows, long seed, Scenario scenario) {
    ModelSpec spec = new SpecStore(store).find(data.model()).orElseThrow().spec();
    try {
      Path csv = Files.createTempFile("kinetic-dataset-", ".csv");
      try {
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
          data.writeCsv(out, rows, seed, scenario);
        }
        DatasetProfile profile = DatasetProfile.of(spec, () -> RowReader.csv(newInput(csv)));
        return new DatasetStore(store)
            .publish(data.model(), csv, Json.MAPPER.writeValueAsBytes(profile), rows);
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
        duplicate);
  }

  private static java.io.InputStream newInput(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
