package dev.kinetic.contracts;

import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.contracts.data.DriftDetected;
import dev.kinetic.contracts.data.FeedbackReceived;
import dev.kinetic.contracts.data.InferenceCompleted;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.InferenceRequested;
import dev.kinetic.contracts.data.ModelPromoted;
import dev.kinetic.contracts.data.ModelRejected;
import dev.kinetic.contracts.data.ModelRolledBack;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.contracts.data.PerformanceDegraded;
import dev.kinetic.contracts.data.Ping;
import dev.kinetic.contracts.data.TrainingRequested;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The event catalog. The CloudEvent {@code type} is the routing key: it is written here once and
 * every producer, consumer, Trigger check and test takes it from here.
 *
 * <p>Each Kinetic type is versioned in its name ({@code .v1}) and carries a {@code dataschema}
 * naming the JSON Schema of its {@code data}, bundled under {@code schemas/events/}.
 */
public enum EventType {
  DATA_SUBMITTED("data.submitted", DataSubmitted.class),
  DATASET_INGESTED("dataset.ingested", DatasetIngested.class),
  TRAINING_REQUESTED("training.requested", TrainingRequested.class),
  MODEL_TRAINED("model.trained", ModelTrained.class),
  MODEL_PROMOTED("model.promoted", ModelPromoted.class),
  MODEL_REJECTED("model.rejected", ModelRejected.class),
  MODEL_ROLLED_BACK("model.rolledback", ModelRolledBack.class),
  INFERENCE_REQUESTED("inference.requested", InferenceRequested.class),
  INFERENCE_COMPLETED("inference.completed", InferenceCompleted.class),
  INFERENCE_LOGGED("inference.logged", InferenceLogged.class),
  FEEDBACK_RECEIVED("feedback.received", FeedbackReceived.class),
  DRIFT_DETECTED("drift.detected", DriftDetected.class),
  PERFORMANCE_DEGRADED("performance.degraded", PerformanceDegraded.class),
  /** Knative's PingSource: not ours, so it has no version and carries no {@code dataschema}. */
  PING("dev.knative.sources.ping", Ping.class, "ping.json", false);

  public static final String SCHEMA_BASE = "https://kinetic.dev/schemas/events/";
  private static final String KINETIC_PREFIX = "dev.kinetic.";
  private static final String VERSION = "v1";

  private static final Map<String, EventType> BY_TYPE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::type, t -> t));

  private final String type;
  private final Class<?> dataClass;
  private final URI schemaId;
  private final boolean declaresDataSchema;

  EventType(String name, Class<?> dataClass) {
    this(KINETIC_PREFIX + name + "." + VERSION, dataClass, name + "." + VERSION + ".json", true);
  }

  EventType(String type, Class<?> dataClass, String schemaFile, boolean declaresDataSchema) {
    this.type = type;
    this.dataClass = dataClass;
    this.schemaId = URI.create(SCHEMA_BASE + schemaFile);
    this.declaresDataSchema = declaresDataSchema;
  }

  /** The CloudEvent {@code type} attribute, e.g. {@code dev.kinetic.model.trained.v1}. */
  public String type() {
    return type;
  }

  /** The record that {@code data} maps to. */
  public Class<?> dataClass() {
    return dataClass;
  }

  /** The {@code $id} of the JSON Schema that {@code data} must satisfy. */
  public URI schemaId() {
    return schemaId;
  }

  /** The {@code dataschema} attribute producers set; empty for types Kinetic does not own. */
  public Optional<URI> dataSchema() {
    return declaresDataSchema ? Optional.of(schemaId) : Optional.empty();
  }

  public static Optional<EventType> of(String type) {
    return Optional.ofNullable(type).map(BY_TYPE::get);
  }

  /** The type whose data is {@code dataClass}; each record belongs to exactly one type. */
  public static EventType forData(Class<?> dataClass) {
    for (EventType type : values()) {
      if (type.dataClass == dataClass) {
        return type;
      }
    }
    throw new IllegalArgumentException(dataClass.getName() + " is not the data of any event type");
  }

  @Override
  public String toString() {
    return type;
  }
}
