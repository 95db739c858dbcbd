package dev.kinetic.inference;

import dev.kinetic.contracts.data.Prediction;
import dev.kinetic.inference.InferenceErrors.NotFoundException;
import dev.kinetic.inference.InferenceErrors.NotReadyException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What every inference API does first: find the model being asked for, held for the call. */
final class Inference {

  /** Predictions and the version that made them. */
  record Answer(
      String model, String version, List<Prediction> predictions, String explanationMethod) {}

  private final ServingModels models;
  private final Predictor predictor;

  Inference(ServingModels models, Predictor predictor) {
    this.models = models;
    this.predictor = predictor;
  }

  ServingModels models() {
    return models;
  }

  Answer predict(
      String model, String version, List<Map<String, Object>> instances, boolean explain) {
    return with(
        model,
        version,
        served ->
            new Answer(
                model,
                served.version(),
                predictor.predict(served, instances, explain),
                explain ? Explainer.method(served.card()) : null));
  }

  /**
   * Runs {@code use} on the served version of {@code model}, which must be {@code version} when one
   * is named.
   */
  <T> T with(String model, String version, Function<ServedModel, T> use) {
    if (!models.names().contains(model)) {
      throw new NotFoundException(
          "there is no model '" + model + "' here; there is " + models.names());
    }
    return models
        .with(
            model,
            served -> {
              if (version != null && !version.equals(served.version())) {
                throw new NotFoundException(
                    model + " serves version " + served.version() + ", not " + version);
              }
              return use.apply(served);
            })
        .orElseThrow(
            () ->
                new NotReadyException(
                    model
                        + " has no model loaded yet"
                        + models.failure(model).map(f -> ": " + f).orElse(" (no champion)")));
  }
}
