package dev.kinetic.contracts.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One prediction: a {@code label} with class {@code probabilities} for classification, a {@code
 * value} for regression, and per-feature {@code attributions} when an explanation was asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(
    String label,
    Double value,
    Map<String, Double> probabilities,
    Map<String, Double> attributions) {

  public static Prediction classified(String label, Map<String, Double> probabilities) {
    return new Prediction(label, null, probabilities, null);
  }
}
