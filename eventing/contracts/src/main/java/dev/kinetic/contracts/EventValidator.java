package dev.kinetic.contracts;

import com.networknt.schema.Schema;
import com.networknt.schema.path.PathType;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a received event is one Kinetic can process, and says precisely why not.
 *
 * <p>Checks, in order: {@code specversion} 1.0; {@code id}, {@code source} and {@code type}
 * present; {@code type} in the catalog; {@code dataschema}, when given, the type's own; {@code
 * datacontenttype} JSON; the size of {@code data}; {@code data} against the type's JSON Schema; and
 * the {@code model} extension, when given, equal to the data's model.
 *
 * <p>A received event from a Kinetic function ({@code source} {@value #FUNCTION_SOURCE_PREFIX}...)
 * may carry data fields its type's schema does not define: a version of a type gains optional
 * fields, and while a release rolls out, replicas of the previous one receive events from producers
 * of the new one (refused, each would be dead-lettered at once). Their readers ignore such fields.
 * From any other source the data must match the schema exactly, so that a misspelt field is named;
 * and a producer's own events always must ({@link #validateProduced}). Thread-safe; build one and
 * share it, since loading the schemas is the expensive part. Each is loaded when an event of its
 * type is first validated, not when the validator is built: a function that sees two types does not
 * load them all while it starts.
 */
public final class EventValidator {

  /** The Kafka broker's default {@code max.request.size}, so what we accept also fits there. */
  public static final int DEFAULT_MAX_DATA_BYTES = 1024 * 1024;

  /** The start of the {@code source} of every event a Kinetic function produces. */
  public static final String FUNCTION_SOURCE_PREFIX = "/kinetic/";

  private final int maxDataBytes;
  private final Map<EventType, Schema> schemas = new ConcurrentHashMap<>();
  private Schemas registry; // made with the first schema: a few hundred ms of class loading

  public EventValidator() {
    this(DEFAULT_MAX_DATA_BYTES);
  }

  public EventValidator(int maxDataBytes) {
    if (maxDataBytes <= 0) {
      throw new IllegalArgumentException("maxDataBytes must be positive, was " + maxDataBytes);
    }
    this.maxDataBytes = maxDataBytes;
  }

  public int maxDataBytes() {
    return maxDataBytes;
  }

  private Schema schemaOf(EventType type) {
    Schema schema = schemas.get(type);
    return schema != null ? schema : load(type);
  }

  private synchronized Schema load(EventType type) {
    if (registry == null) {
      registry = new Schemas(EventType.SCHEMA_BASE, "schemas/events/", PathType.JSON_POINTER);
    }
    return schemas.computeIfAbsent(type, t -> registry.load(t.schemaId()));
  }

  /**
   * Returns the event's catalog type if a consumer can process the event: valid, with data fields
   * its schema does not define accepted from a Kinetic function.
   *
   * @throws OversizeEventException if {@code data} is larger than the limit
   * @throws InvalidEventException naming every attribute or data field that is wrong
   */
  public EventType validate(CloudEvent event) {
    return validate(event, isFromFunction(event));
  }

  /**
   * Returns the event's catalog type if the event, made by this process, is valid: its data exactly
   * as its type's schema defines, so that a field the schema lacks surfaces at the producer.
   *
   * @throws OversizeEventException if {@code data} is larger than the limit
   * @throws InvalidEventException naming every attribute or data field that is wrong
   */
  public EventType validateProduced(CloudEvent event) {
    return validate(event, false);
  }

  private static boolean isFromFunction(CloudEvent event) {
    return event.getSource() != null
        && event.getSource().toString().startsWith(FUNCTION_SOURCE_PREFIX);
  }

  private EventType validate(CloudEvent event, boolean acceptUndefinedFields) {
    List<Violation> violations = new ArrayList<>();
    if (event.getSpecVersion() != SpecVersion.V1) {
      violations.add(
          new Violation(
              "specversion",
              "'" + event.getSpecVersion() + "' is not supported; Kinetic accepts 1.0"));
    }
    requireText(event.getId(), "id", violations);
    requireText(
        event.getSource() == null ? null : event.getSource().toString(), "source", violations);
    requireText(event.getType(), "type", violations);
    Optional<EventType> type = EventType.of(event.getType());
    if (type.isEmpty()) {
      if (event.getType() != null && !event.getType().isBlank()) {
        violations.add(new Violation("type", "unknown event type '" + event.getType() + "'"));
      }
      throw new InvalidEventException(violations);
    }
    checkDataSchema(event.getDataSchema(), type.get(), violations);
    checkContentType(event.getDataContentType(), violations);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(violations);
    }
    JsonNode data = parseData(event.getData());
    violations.addAll(
        acceptUndefinedFields
            ? Schemas.violationsOfDefinedFields(schemaOf(type.get()), data, "/data")
            : Schemas.violations(schemaOf(type.get()), data, "/data"));
    checkModelExtension(event, data, violations);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(violations);
    }
    return type.get();
  }

  private static void requireText(String value, String attribute, List<Violation> violations) {
    if (value == null || value.isBlank()) {
      violations.add(new Violation(attribute, "is required and must not be empty"));
    }
  }

  private static void checkDataSchema(URI given, EventType type, List<Violation> violations) {
    if (given == null) {
      return;
    }
    Optional<URI> expected = type.dataSchema();
    if (expected.isEmpty() || !expected.get().equals(given)) {
      violations.add(
          new Violation(
              "dataschema",
              "'"
                  + given
                  + "' does not match type "
                  + type.type()
                  + expected.map(uri -> "; expected '" + uri + "'").orElse("; expected none")));
    }
  }

  private static void checkContentType(String contentType, List<Violation> violations) {
    if (contentType != null && !isJson(contentType)) {
      violations.add(
          new Violation(
              "datacontenttype", "'" + contentType + "' is not JSON; send application/json"));
    }
  }

  /** {@code application/json}, or any {@code +json} media type, with or without parameters. */
  static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private JsonNode parseData(CloudEventData data) {
    if (data == null) {
      throw new InvalidEventException("data", "is required");
    }
    byte[] bytes = data.toBytes();
    if (bytes.length > maxDataBytes) {
      throw new OversizeEventException(bytes.length, maxDataBytes);
    }
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw new InvalidEventException("data", "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void checkModelExtension(
      CloudEvent event, JsonNode data, List<Violation> violations) {
    Object extension = event.getExtension(Extensions.MODEL);
    JsonNode model = data.path("model");
    if (extension != null && model.isString() && !model.asString().equals(extension.toString())) {
      violations.add(
          new Violation(
              Extensions.MODEL,
              "extension '"
                  + extension
                  + "' differs from the data's model '"
                  + model.asString()
                  + "'"));
    }
  }
}
