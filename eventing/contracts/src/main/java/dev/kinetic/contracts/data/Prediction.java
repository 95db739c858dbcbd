package dev.kinetic.contracts.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One prediction: a {@code label} with class {@code probabilities} for classification, a {@code
 * value} for regression, and per-feature {@code attributions} when an explanation was asked for.
 * Probabilities are the model's single-precision outputs as they are, written with the digits a
 * float has rather than the seventeen of the double it would widen to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(
    String label,
    Double value,
    Map<String, Float> probabilities,
    Map<String, Double> attributions) {

  public static Prediction classified(String label, Map<String, Float> probabilities) {
    return new Prediction(label, null, probabilities, null);
  }
}
