package dev.kinetic.contracts;

/** CloudEvent extension attributes used across the catalog. */
public final class Extensions {
  /** The model an event concerns; Triggers filter on it. */
  public static final String MODEL = "model";

  /** The model version an event was produced with or concerns. */
  public static final String MODEL_VERSION = "modelversion";

  /** The partitioning extension: the model name, so one model's events stay in order on Kafka. */
  public static final String PARTITION_KEY = "partitionkey";

  /** W3C trace context, as the CloudEvents distributed-tracing extension carries it. */
  public static final String TRACEPARENT = "traceparent";

  public static final String TRACESTATE = "tracestate";

  private Extensions() {}
}
