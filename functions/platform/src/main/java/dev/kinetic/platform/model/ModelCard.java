package dev.kinetic.platform.model;

import dev.kinetic.contracts.data.ModelTrained.Lineage;
import dev.kinetic.platform.spec.ModelSpec;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Everything known about a model version, written beside {@code model.onnx}: the spec it was
 * trained to (features, label, task), its metrics on the holdout, its lineage, the SHA-256 of the
 * ONNX file, and the baseline profile of its training data that drift is measured against.
 *
 * @param modelSha256 set by {@link ModelStore#publish}; callers pass {@code null}
 */
public record ModelCard(
    String model,
    String version,
    Instant createdAt,
    String modelSha256,
    ModelSpec spec,
    Map<String, Double> metrics,
    Lineage lineage,
    JsonNode baselineProfile) {

  ModelCard withModelSha256(String sha256) {
    return new ModelCard(
        model, version, createdAt, sha256, spec, metrics, lineage, baselineProfile);
  }
}
