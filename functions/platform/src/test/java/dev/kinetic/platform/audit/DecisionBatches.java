package dev.kinetic.platform.audit;

import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.InferenceLogged.Decision;
import dev.kinetic.contracts.data.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Decision batches of the fraud model for tests of what reads or writes the decision log. */
public final class DecisionBatches {

  public static final Instant NOON = Instant.parse("2026-11-26T12:00:00Z");

  private DecisionBatches() {}

  /**
   * A batch {@code id} of {@code fraud} v1, one decision per time, request ids {@code
   * <id>-req-<i>}.
   */
  public static InferenceLogged batch(String id, Instant... times) {
    List<Decision> decisions =
        IntStream.range(0, times.length)
            .mapToObj(
                i ->
                    new Decision(
                        id + "-req-" + i,
                        times[i],
                        Map.of("amount", 10.0 * i, "channel", "pos"),
                        new Prediction(
                            "legit",
                            null,
                            Map.of("legit", 0.8f, "fraud", 0.2f),
                            Map.of("amount", -0.4)),
                        120))
            .toList();
    return new InferenceLogged("fraud", "v1", id, decisions);
  }
}
