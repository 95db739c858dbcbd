package dev.kinetic.contracts.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A batch of decisions made by one replica with one model version, for audit and drift. */
public record InferenceLogged(
    String model, String modelVersion, String batchId, List<Decision> decisions)
    implements ModelScoped {

  /**
   * One decision: what came in, what went out, how long it took, and who asked.
   *
   * @param caller the principal of the caller's token (its {@code sub} unless the function names
   *     another claim) for a request over HTTP, the event's source for a request by event; null
   *     when the function checks no tokens
   */
  public record Decision(
      String requestId,
      Instant time,
      Map<String, Object> inputs,
      Prediction output,
      long latencyMicros,
      String caller) {

    /** A decision for no known caller. */
    public Decision(
        String requestId,
        Instant time,
        Map<String, Object> inputs,
        Prediction output,
        long latencyMicros) {
      this(requestId, time, inputs, output, latencyMicros, null);
    }
  }
}
