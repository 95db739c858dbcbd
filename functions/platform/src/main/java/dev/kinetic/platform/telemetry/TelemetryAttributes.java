package dev.kinetic.platform.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes Kinetic's metrics and spans share, so that every function names a model, a version
 * or an event type the same way and the dashboards can join on them.
 */
public final class TelemetryAttributes {

  public static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("kinetic.function");
  public static final AttributeKey<String> MODEL = AttributeKey.stringKey("kinetic.model");
  public static final AttributeKey<String> MODEL_VERSION =
      AttributeKey.stringKey("kinetic.model_version");
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("kinetic.outcome");
  public static final AttributeKey<String> EVENT_TYPE =
      AttributeKey.stringKey("cloudevents.event_type");

  private TelemetryAttributes() {}
}
