package dev.kinetic.contracts;

import dev.kinetic.contracts.data.ModelScoped;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The one way a Kinetic producer makes events: a template per producer fixes {@code source}; the
 * data's record fixes {@code type} and {@code dataschema}; a model-scoped record sets the {@code
 * model} and {@code partitionkey} extensions. Every event is validated before it leaves, so a
 * producer bug surfaces at the producer rather than as a dead letter downstream.
 */
public final class EventTemplate {

  private final URI source;
  private final EventValidator validator;

  public EventTemplate(URI source, EventValidator validator) {
    this.source = source;
    this.validator = validator;
  }

  /** The template of a Kinetic function, whose events have source {@code /kinetic/<name>}. */
  public static EventTemplate forFunction(String name, EventValidator validator) {
    return new EventTemplate(URI.create(EventValidator.FUNCTION_SOURCE_PREFIX + name), validator);
  }

  /** A builder filled from {@code data}, for adding extensions such as {@code modelversion}. */
  public CloudEventBuilder builder(Object data) {
    EventType type = EventType.forData(data.getClass());
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(source)
            .withType(type.type())
            .withTime(OffsetDateTime.now(ZoneOffset.UTC))
            .withData("application/json", Payloads.write(data));
    type.dataSchema().ifPresent(builder::withDataSchema);
    if (data instanceof ModelScoped scoped) {
      builder
          .withExtension(Extensions.MODEL, scoped.model())
          .withExtension(Extensions.PARTITION_KEY, scoped.model());
    }
    return builder;
  }

  /** A complete, validated event carrying {@code data}. */
  public CloudEvent event(Object data) {
    return validated(builder(data).build());
  }

  /**
   * Validates an event made from {@link #builder}.
   *
   * @throws InvalidEventException if the producer made an event its type's schema does not describe
   */
  public CloudEvent validated(CloudEvent event) {
    validator.validateProduced(event);
    return event;
  }
}
