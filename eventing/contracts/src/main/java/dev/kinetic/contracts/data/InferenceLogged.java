package dev.kinetic.contracts.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A batch of decisions made by one replica with one model version, for audit and drift. */
public record InferenceLogged(
    String model, String modelVersion, String batchId, List<Decision> decisions)
    implements ModelScoped {

  /** One decision: what came in, what went out, and how long it took. */
  public record Decision(
      String requestId,
      Instant time,
      Map<String, Object> inputs,
      Prediction output,
      long latencyMicros) {}
}
