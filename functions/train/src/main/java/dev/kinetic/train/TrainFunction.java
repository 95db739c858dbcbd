package dev.kinetic.train;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.function.EventFunction;
import io.cloudevents.CloudEvent;
import java.util.Optional;
import java.util.Set;

/** {@code dataset.ingested} or {@code training.requested} in, {@code model.trained} out. */
final class TrainFunction implements EventFunction {

  private final Training training;
  private final EventTemplate template;

  TrainFunction(Training training, EventTemplate template) {
    this.training = training;
    this.template = template;
  }

  @Override
  public Set<EventType> accepts() {
    return Set.of(EventType.DATASET_INGESTED, EventType.TRAINING_REQUESTED);
  }

  @Override
  public CloudEvent apply(CloudEvent event) {
    Optional<ModelTrained> trained =
        event.getType().equals(EventType.DATASET_INGESTED.type())
            ? training.onIngested(event.getId(), Payloads.read(event, DatasetIngested.class))
            : Optional.of(
                training.train(event.getId(), Payloads.read(event, TrainingRequested.class)));
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
}
