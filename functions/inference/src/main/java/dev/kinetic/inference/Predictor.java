package dev.kinetic.inference;

import dev.kinetic.contracts.Violation;
import dev.kinetic.contracts.data.Prediction;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpec.FeatureSpec;
import dev.kinetic.platform.spec.ModelSpec.UnknownCategory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores instances given by feature name: checks each against the model's card, encodes them as the
 * model was trained, runs them in one batch, and turns the outputs back into labels with their
 * probabilities, or values in the label's unit. Callers never see the column layout.
 */
final class Predictor {

  private final int maxRows;

  Predictor(int maxRows) {
    this.maxRows = maxRows;
  }

  /**
   * @param explain add per-feature attributions
   * @throws InvalidInputException also when an explanation is asked of a model that cannot give one
   *     exactly
   */
  List<Prediction> predict(
      ServedModel model, List<Map<String, Object>> instances, boolean explain) {
    if (instances == null || instances.isEmpty()) {
      throw new InvalidInputException("instances", "give at least one instance");
    }
    if (instances.size() > maxRows) {
      throw new InvalidInputException(
          "instances", instances.size() + " instances; at most " + maxRows + " per request");
    }
    ModelCard card = model.card();
    if (explain && !Explainer.canExplain(card)) {
      throw new InvalidInputException(
          "explain",
          card.model()
              + " "
              + card.version()
              + " is not a linear model; it has no exact explanation");
    }
    List<Violation> problems = new ArrayList<>();
    for (int i = 0;
        i < instances.size() && problems.size() < InvalidInputException.MAX_REPORTED;
        i++) {
      check(card.spec(), instances.get(i), "instances[" + i + "]", problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          problems.subList(0, Math.min(problems.size(), InvalidInputException.MAX_REPORTED)));
    }
    float[] outputs = model.score(card.encoding().encodeFloats(instances), instances.size());
    List<Prediction> predictions = predictions(card, outputs, instances.size());
    if (!explain) {
      return predictions;
    }
    double[] baseline = Explainer.baseline(card);
    List<Prediction> explained = new ArrayList<>(predictions.size());
    for (int i = 0; i < predictions.size(); i++) {
      Prediction p = predictions.get(i);
      int output = p.label() == null ? 0 : card.labels().indexOf(p.label());
      explained.add(
          new Prediction(
              p.label(),
              p.value(),
              p.probabilities(),
              Explainer.attributions(
                  card, baseline, card.encoding().encode(instances.get(i)), output)));
    }
    return explained;
  }

  /** Outputs, row-major, as predictions. */
  static List<Prediction> predictions(ModelCard card, float[] outputs, int rows) {
    List<Prediction> predictions = new ArrayList<>(rows);
    if (card.spec().task() == ModelSpec.Task.regression) {
      for (int r = 0; r < rows; r++) {
        predictions.add(new Prediction(null, card.labelScaling().restore(outputs[r]), null, null));
      }
      return predictions;
    }
    int k = card.labels().size();
    for (int r = 0; r < rows; r++) {
      Map<String, Float> probabilities = new LinkedHashMap<>();
      int best = 0;
      for (int j = 0; j < k; j++) {
        probabilities.put(card.labels().get(j), outputs[r * k + j]);
        if (outputs[r * k + j] > outputs[r * k + best]) {
          best = j;
        }
      }
      predictions.add(Prediction.classified(card.labels().get(best), probabilities));
    }
    return predictions;
  }

  /** Adds what is wrong with {@code instance} to {@code problems}, a feature at a time. */
  private static void check(
      ModelSpec spec, Map<String, Object> instance, String where, List<Violation> problems) {
    if (instance == null) {
      problems.add(new Violation(where, "is null; give an object of feature values"));
      return;
    }
    for (FeatureSpec feature : spec.features()) {
      String problem = problem(feature, instance.get(feature.name()));
      if (problem != null) {
        problems.add(new Violation(where + "." + feature.name(), problem));
      }
    }
  }

  /** What is wrong with {@code value} as {@code feature}, or {@code null} if nothing is. */
  private static String problem(FeatureSpec feature, Object value) {
    if (value == null) {
      return feature.required() ? "is missing" : null;
    }
    return switch (feature.type()) {
      case numeric -> {
        if (!(value instanceof Number number)) {
          yield "must be a number, was " + describe(value);
        }
        yield Double.isFinite(number.doubleValue()) ? null : number + " is not a finite number";
      }
      case categorical -> {
        if (!(value instanceof String category)) {
          yield "must be a string, was " + describe(value);
        }
        yield !feature.categories().isEmpty()
                && !feature.categories().contains(category)
                && feature.onUnknown() == UnknownCategory.error
            ? "'" + category + "' is not one of " + feature.categories()
            : null;
      }
    };
  }

  private static String describe(Object value) {
    return value instanceof String text ? "the string '" + text + "'" : value.toString();
  }
}
