package dev.kinetic.inference;

import dev.kinetic.contracts.data.InferenceLogged.Decision;
import dev.kinetic.contracts.data.Prediction;
import dev.kinetic.inference.InferenceErrors.NotFoundException;
import dev.kinetic.inference.InferenceErrors.NotReadyException;
import java.time.Instant;
import java.util.LinkedHashMap;
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
  private final DecisionLog decisions;
  private final InferenceMetrics metrics;

  Inference(
      ServingModels models, Predictor predictor, DecisionLog decisions, InferenceMetrics metrics) {
    this.models = models;
    this.predictor = predictor;
    this.decisions = decisions;
    this.metrics = metrics;
  }

  ServingModels models() {
    return models;
  }

  /**
   * Predicts and records the decisions under {@code requestId}, as asked by {@code caller} (null
   * for no known caller); with several instances, the i-th is recorded as {@code requestId/i}.
   */
  Answer predict(
      String model,
      String version,
      List<Map<String, Object>> instances,
      boolean explain,
      String requestId,
      String caller) {
    long start = System.nanoTime();
    return with(
        model,
        version,
        served -> {
          List<Prediction> predictions = predictor.predict(served, instances, explain);
          long nanos = System.nanoTime() - start;
          metrics.scored(model, served.version(), predictions.size(), nanos);
          long micros = nanos / 1000;
          Instant now = Instant.now();
          for (int i = 0; i < predictions.size(); i++) {
            int row = i;
            decisions.record(
                model,
                served.version(),
                () ->
                    new Decision(
                        instances.size() == 1 ? requestId : requestId + "/" + row,
                        now,
                        features(served, instances.get(row)),
                        predictions.get(row),
                        micros,
                        caller));
          }
          return new Answer(
              model,
              served.version(),
              predictions,
              explain ? Explainer.method(served.card()) : null);
        });
  }

  /** Records decisions made from raw tensors (the Open Inference Protocol). */
  void recordTensors(
      ServedModel served,
      float[] batch,
      float[] outputs,
      int rows,
      String requestId,
      String caller,
      long micros) {
    metrics.scored(served.card().model(), served.version(), rows, micros * 1000);
    if (!decisions.enabled()) {
      return;
    }
    List<Prediction> predictions = Predictor.predictions(served.card(), outputs, rows);
    List<String> columns = served.card().encoding().names();
    Instant now = Instant.now();
    for (int r = 0; r < rows; r++) {
      int row = r;
      decisions.record(
          served.card().model(),
          served.version(),
          () -> {
            Map<String, Object> inputs = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
              inputs.put(columns.get(c), batch[row * columns.size() + c]);
            }
            return new Decision(
                rows == 1 ? requestId : requestId + "/" + row,
                now,
                inputs,
                predictions.get(row),
                micros,
                caller);
          });
    }
  }

  /** The instance's values of the model's features, the only inputs that are recorded. */
  private static Map<String, Object> features(ServedModel served, Map<String, Object> instance) {
    Map<String, Object> features = new LinkedHashMap<>();
    served.card().spec().features().forEach(f -> features.put(f.name(), instance.get(f.name())));
    return features;
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
