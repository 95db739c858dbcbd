package dev.kinetic.ingest;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.function.EventFunction;
import io.cloudevents.CloudEvent;
import java.util.Set;

/** {@code data.submitted} in, {@code dataset.ingested} out. */
final class IngestFunction implements EventFunction {

  private final Ingestion ingestion;
  private final EventTemplate template;

  IngestFunction(Ingestion ingestion, EventTemplate template) {
    this.ingestion = ingestion;
    this.template = template;
  }

  @Override
  public Set<EventType> accepts() {
    return Set.of(EventType.DATA_SUBMITTED);
  }

  @Override
  public CloudEvent apply(CloudEvent event) {
    DataSubmitted submitted = Payloads.read(event, DataSubmitted.class);
    return template.event(ingestion.ingest(event.getId(), submitted));
  }
}
