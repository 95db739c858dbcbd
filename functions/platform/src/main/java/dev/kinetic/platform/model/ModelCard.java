package dev.kinetic.platform.model;

import dev.kinetic.contracts.data.ModelTrained.Lineage;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.features.FeatureEncoding;
import dev.kinetic.platform.features.LabelScaling;
import dev.kinetic.platform.spec.ModelSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything known about a model version, written beside {@code model.onnx}: the spec it was
 * trained to, its metrics on the holdout, its lineage, the SHA-256 of the ONNX file, the baseline
 * profile of its training data that drift is measured against, and what it takes to score it from
 * the card alone: the feature encoding (the ONNX input, column by column) and the labels in output
 * order.
 *
 * @param modelSha256 set by {@link ModelStore#publish}; callers pass {@code null}
 * @param labels classification: the label of each output column; regression: the one label name
 * @param labelScaling regression only: how the model's output becomes the label's unit
 * @param linearWeights for a linear model, its weights: one row per output, one column per encoding
 *     column and the bias last; null for other models. Exact explanations come from them.
 * @param holdout the rows the metrics were measured on, kept so a later challenger can be compared
 *     with this model on its own holdout
 */
public record ModelCard(
    String model,
    String version,
    Instant createdAt,
    String modelSha256,
    ModelSpec spec,
    Map<String, Double> metrics,
    Lineage lineage,
    DatasetProfile baselineProfile,
    FeatureEncoding encoding,
    List<String> labels,
    LabelScaling labelScaling,
    List<List<Double>> linearWeights,
    Holdout holdout,
    Training training) {

  /** Where the holdout is and how it was drawn. */
  public record Holdout(String key, long rows, double fraction, long seed) {}

  /**
   * How the training went.
   *
   * @param provenance the trainer's own record of the run (Tribuo provenance), as JSON-ready maps
   */
  public record Training(
      Instant startedAt,
      long durationMillis,
      long trainRows,
      String causeEventId,
      Map<String, Object> provenance) {}

  ModelCard withModelSha256(String sha256) {
    return new ModelCard(
        model,
        version,
        createdAt,
        sha256,
        spec,
        metrics,
        lineage,
        baselineProfile,
        encoding,
        labels,
        labelScaling,
        linearWeights,
        holdout,
        training);
  }
}
