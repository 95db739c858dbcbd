package dev.kinetic.train;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.contracts.data.DriftDetected;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.contracts.data.PerformanceDegraded;
import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.contracts.data.TrainingRequested.Reason;
import dev.kinetic.function.EventFunction;
import io.cloudevents.CloudEvent;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dataset.ingested} or {@code training.requested} in, {@code model.trained} out; {@code
 * drift.detected} and {@code performance.degraded} train when the spec's retraining policy says so;
 * a scheduled ping {@code {"task": "retrain", "model": ...}} trains on the spec's data.
 */
final class TrainFunction implements EventFunction {

  private final Training training;
  private final Retraining retraining;
  private final EventTemplate template;

  TrainFunction(Training training, Retraining retraining, EventTemplate template) {
    this.training = training;
    this.retraining = retraining;
    this.template = template;
  }

  @Override
  public Set<EventType> accepts() {
    return Set.of(
        EventType.DATASET_INGESTED,
        EventType.TRAINING_REQUESTED,
        EventType.DRIFT_DETECTED,
        EventType.PERFORMANCE_DEGRADED,
        EventType.PING);
  }

  @Override
  public CloudEvent apply(CloudEvent event) {
    String id = event.getId();
    Optional<ModelTrained> trained =
        switch (EventType.of(event.getType()).orElseThrow()) {
          case DATASET_INGESTED -> {
            DatasetIngested ingested = Payloads.read(event, DatasetIngested.class);
            yield ingested.origin() == DatasetIngested.Origin.feedback
                ? retraining.onLabelledData(id, ingested.model()).map(this::train)
                : training.onIngested(id, ingested);
          }
          case DRIFT_DETECTED -> {
            DriftDetected drift = Payloads.read(event, DriftDetected.class);
            yield retraining
                .onSignal(id, drift.model(), Reason.drift, drift.window().to())
                .map(this::train);
          }
          case PERFORMANCE_DEGRADED -> {
            PerformanceDegraded degraded = Payloads.read(event, PerformanceDegraded.class);
            yield retraining
                .onSignal(id, degraded.model(), Reason.performance, degraded.window().to())
                .map(this::train);
          }
          default -> Optional.of(training.train(id, Payloads.read(event, TrainingRequested.class)));
        };
    return trained
        .map(
            data ->
                template.validated(
                    template
                        .builder(data)
                        .withExtension(Extensions.MODEL_VERSION, data.version())
                        .build()))
        .orElse(null);
  }

  private ModelTrained train(TrainingRequested request) {
    return training.train(request.cause(), request);
  }
}
