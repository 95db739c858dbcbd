package dev.kinetic.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.platform.dataset.DatasetStore;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.EmbeddedS3;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.S3ObjectStore;
import dev.kinetic.platform.store.WriteCondition;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million-row CSV, by reference on a real S3 API, ingested in a JVM limited to 512 MiB of heap
 * (failsafe's argLine in this module's POM).
 */
class LargeIngestIT {

  static final int ROWS = 1_000_000;

  @TempDir Path temp;

  @Test
  void ingestsAMillionRowsByReferenceIn512MiB() throws IOException {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("run by failsafe with -Xmx512m")
        .isLessThanOrEqualTo(512L * 1024 * 1024);
    Path csv = temp.resolve("fraud.csv");
    try (BufferedWriter out = Files.newBufferedWriter(csv)) {
      new FraudData().writeCsv(out, ROWS, 11, Scenario.training);
    }
    try (EmbeddedS3 s3 = EmbeddedS3.start(temp.resolve("s3"));
        S3ObjectStore store = S3ObjectStore.connect(s3.settings("kinetic"))) {
      store.ensureBucket();
      new SpecStore(store).put(new FraudData().spec(), "fraud.yaml");
      store.put("uploads/fraud.csv", ObjectContent.of(csv), WriteCondition.none());
      Ingestion ingestion = new Ingestion(store, "kinetic", Optional.of(IngestionTest.KEY));

      long start = System.nanoTime();
      DatasetIngested result =
          ingestion.ingest(
              "big",
              new DataSubmitted(
                  "fraud", null, null, URI.create("s3://kinetic/uploads/fraud.csv"), null));
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(result.rowsAccepted() + result.rowsRejected()).isEqualTo(ROWS);
      assertThat(result.rowsAccepted()).isGreaterThan(ROWS * 99L / 100);
      assertThat(
              new DatasetStore(store)
                  .manifest("fraud", result.datasetVersion())
                  .orElseThrow()
                  .rows())
          .isEqualTo(result.rowsAccepted());
      System.out.printf(
          "ingested %,d rows in %.1f s: %,.0f rows/s, within a %d MiB heap%n",
          ROWS, seconds, ROWS / seconds, Runtime.getRuntime().maxMemory() >> 20);
    }
  }
}
