package dev.kinetic.inference;

import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.features.FeatureEncoding;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.platform.spec.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact per-feature attributions for linear models, from the card alone: for each encoded column,
 * weight × (value − training mean), summed over the columns of each feature. They add up to the
 * difference between the instance's output and the output at the training mean:
 *
 * <ul>
 *   <li>classification: in centred-logit space, {@code log p(label) − mean over labels of log p},
 *       which does not depend on the softmax's normaliser; for the predicted label;
 *   <li>regression: in the label's unit.
 * </ul>
 */
final class Explainer {

  static final String CLASSIFICATION_METHOD =
      "linear: weight x (value - training mean), centred logit of the predicted label";
  static final String REGRESSION_METHOD =
      "linear: weight x (value - training mean), in the label's unit";

  private Explainer() {}

  static boolean canExplain(ModelCard card) {
    return card.linearWeights() != null;
  }

  static String method(ModelCard card) {
    return card.spec().task() == ModelSpec.Task.regression
        ? REGRESSION_METHOD
        : CLASSIFICATION_METHOD;
  }

  /** The encoded instance the attributions are measured from: the training data's mean. */
  static double[] baseline(ModelCard card) {
    FeatureEncoding encoding = card.encoding();
    DatasetProfile profile = card.baselineProfile();
    double[] baseline = new double[encoding.width()];
    for (int i = 0; i < baseline.length; i++) {
      FeatureEncoding.Column column = encoding.columns().get(i);
      if (column.category() != null) {
        Long count =
            profile.categorical().get(column.feature()).frequencies().get(column.category());
        baseline[i] = count == null ? 0 : (double) count / profile.rows();
      }
      // A standardised numeric column's training mean is 0, missing values included.
    }
    return baseline;
  }

  /**
   * @param baseline {@link #baseline(ModelCard)}, computed once for all the instances of a request
   * @param encoded the instance as the model's input columns
   * @param output the output explained: the predicted label's index; 0 for regression
   */
  static Map<String, Double> attributions(
      ModelCard card, double[] baseline, double[] encoded, int output) {
    List<List<Double>> weights = card.linearWeights();
    FeatureEncoding encoding = card.encoding();
    boolean regression = card.spec().task() == ModelSpec.Task.regression;
    double scale = regression ? card.labelScaling().scale() : 1.0;
    Map<String, Double> attributions = new LinkedHashMap<>();
    card.spec().features().forEach(feature -> attributions.put(feature.name(), 0.0));
    for (int i = 0; i < encoding.width(); i++) {
      double weight = weights.get(output).get(i);
      if (!regression) {
        double mean = 0;
        for (List<Double> row : weights) {
          mean += row.get(i) / weights.size();
        }
        weight -= mean;
      }
      attributions.merge(
          encoding.columns().get(i).feature(),
          scale * weight * (encoded[i] - baseline[i]),
          Double::sum);
    }
    return attributions;
  }
}
