package dev.kinetic.contracts.data;

import java.time.Instant;
import java.util.List;

/** A request to train a model, with why and, optionally, on which data. */
public record TrainingRequested(
    String model, Reason reason, String cause, DatasetSelection datasets) implements ModelScoped {

  public enum Reason {
    data,
    drift,
    performance,
    schedule,
    manual
  }

  /** Which datasets to train on; {@code null} in a request means the model spec's selection. */
  public record DatasetSelection(Mode mode, Instant since, Integer rows, List<String> versions) {

    public enum Mode {
      latest,
      since,
      lastRows,
      versions
    }

    public static DatasetSelection latest() {
      return new DatasetSelection(Mode.latest, null, null, null);
    }
  }
}
