package dev.kinetic.inference;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.InvalidEventException;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.data.InferenceCompleted;
import dev.kinetic.contracts.data.InferenceRequested;
import dev.kinetic.inference.InferenceErrors.NotFoundException;
import dev.kinetic.platform.UnprocessableException;
import io.cloudevents.CloudEvent;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * {@code inference.requested} in, {@code inference.completed} out (stream scoring); {@code
 * model.promoted} in, the new version loaded in the background, no reply.
 */
final class InferenceFunction implements dev.kinetic.function.EventFunction {

  private final Inference inference;
  private final EventTemplate template;
  private final Executor loader;

  InferenceFunction(Inference inference, EventTemplate template, Executor loader) {
    this.inference = inference;
    this.template = template;
    this.loader = loader;
  }

  @Override
  public Set<EventType> accepts() {
    return Set.of(EventType.INFERENCE_REQUESTED, EventType.MODEL_PROMOTED);
  }

  @Override
  public CloudEvent apply(CloudEvent event) {
    if (event.getType().equals(EventType.MODEL_PROMOTED.type())) {
      // A promotion may be of a model this replica has not heard of yet: look at them all.
      loader.execute(inference.models()::refresh);
      return null;
    }
    InferenceRequested request = Payloads.read(event, InferenceRequested.class);
    String requestId = requestId(request, event);
    Inference.Answer answer;
    try {
      answer =
          inference.predict(
              request.model(),
              request.version(),
              request.instances(),
              Boolean.TRUE.equals(request.explain()),
              requestId,
              event.getSource().toString());
    } catch (InvalidInputException e) {
      throw new UnprocessableException(e.getMessage(), e.violations());
    } catch (NotFoundException e) {
      throw new UnprocessableException("model", e.getMessage());
    }
    InferenceCompleted completed =
        new InferenceCompleted(
            request.model(), answer.version(), request.requestId(), answer.predictions());
    return template.validated(
        template
            .builder(completed)
            .withExtension(Extensions.MODEL_VERSION, answer.version())
            .build());
  }

  /** The request's id, else the event's: what its decisions are recorded under. */
  private static String requestId(InferenceRequested request, CloudEvent event) {
    try {
      return request.requestId() != null
          ? RequestIds.given(request.requestId(), "requestId")
          : RequestIds.given(event.getId(), "id");
    } catch (InvalidInputException e) {
      if (request.requestId() != null) {
        throw new UnprocessableException(e.location(), e.reason());
      }
      // The event's own id, an attribute rather than a field of its data.
      throw new InvalidEventException(
          "id", e.reason() + "; or give the data a requestId to record its decisions under");
    }
  }
}
