package dev.kinetic.contracts.data;

import java.util.List;

/** Ground truth for earlier predictions, joined to them by request id. */
public record FeedbackReceived(String model, List<GroundTruth> labels) implements ModelScoped {

  /** The true {@code label} (classification) or {@code value} (regression) of one request. */
  public record GroundTruth(String requestId, String label, Double value) {}
}
