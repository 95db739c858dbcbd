package dev.kinetic.platform.dataset;

import dev.kinetic.contracts.data.DatasetIngested.Origin;
import java.time.Instant;

/**
 * Where a dataset's rows came from: submitted data, or production traffic labelled by feedback,
 * with the span of the decisions it labels ({@code null} for submitted data).
 */
public record DatasetSource(Origin origin, Instant trafficFrom, Instant trafficTo) {

  public static final DatasetSource SUBMITTED = new DatasetSource(Origin.submitted, null, null);

  /** Labelled production traffic whose decisions were made between {@code from} and {@code to}. */
  public static DatasetSource traffic(Instant from, Instant to) {
    return new DatasetSource(Origin.feedback, from, to);
  }
}
