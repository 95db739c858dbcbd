package dev.kinetic.ingest;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.contracts.data.FeedbackReceived;
import dev.kinetic.function.EventFunction;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.Set;

/** {@code data.submitted} in, {@code dataset.ingested} out. */
final class IngestFunction implements EventFunction {

  private final Ingestion ingestion;
  private final FeedbackJoin feedback;
  private final EventTemplate template;

  IngestFunction(Ingestion ingestion, FeedbackJoin feedback, EventTemplate template) {
    this.ingestion = ingestion;
    this.feedback = feedback;
    this.template = template;
  }

  @Override
  public Set<EventType> accepts() {
    return Set.of(EventType.DATA_SUBMITTED, EventType.FEEDBACK_RECEIVED);
  }

  @Override
  public CloudEvent apply(CloudEvent event) {
    if (event.getType().equals(EventType.FEEDBACK_RECEIVED.type())) {
      Instant sent = event.getTime() == null ? null : event.getTime().toInstant();
      return template.event(
          feedback.join(event.getId(), sent, Payloads.read(event, FeedbackReceived.class)));
    }
    DataSubmitted submitted = Payloads.read(event, DataSubmitted.class);
    return template.event(ingestion.ingest(event.getId(), submitted));
  }
}
