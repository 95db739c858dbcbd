package dev.kinetic.scoring;

import dev.kinetic.platform.features.FeatureEncoding;
import dev.kinetic.platform.features.LabelScaling;
import dev.kinetic.platform.metrics.Metrics;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.platform.spec.ModelSpec;
import java.util.List;
import java.util.Map;

/**
 * Scores labelled rows with a model through ONNX Runtime and measures the result: the one way a
 * challenger's metrics and a champion's re-scored metrics are computed, so the gate compares like
 * with like.
 */
public final class HoldoutEvaluation {

  private HoldoutEvaluation() {}

  /** Metrics of the model {@code card} describes, loaded in {@code model}, on {@code rows}. */
  public static Map<String, Double> evaluate(
      ModelCard card, OnnxModel model, List<? extends Map<String, String>> rows) {
    return evaluate(card.spec(), card.encoding(), card.labels(), card.labelScaling(), model, rows);
  }

  /**
   * @param labels classification: the label of each output column
   * @param scaling regression: how outputs become the label's unit
   * @param rows raw rows with the label column and feature values as stored in datasets
   */
  public static Map<String, Double> evaluate(
      ModelSpec spec,
      FeatureEncoding encoding,
      List<String> labels,
      LabelScaling scaling,
      OnnxModel model,
      List<? extends Map<String, String>> rows) {
    float[] outputs = model.score(encoding.encodeFloats(rows), rows.size());
    if (spec.task() == ModelSpec.Task.regression) {
      double[] truth =
          rows.stream().mapToDouble(row -> Double.parseDouble(row.get(spec.label()))).toArray();
      for (int i = 0; i < outputs.length; i++) {
        outputs[i] = (float) scaling.restore(outputs[i]);
      }
      return Metrics.regression(outputs, truth);
    }
    List<String> truth = rows.stream().map(row -> row.get(spec.label())).toList();
    return Metrics.classification(labels, outputs, truth);
  }
}
