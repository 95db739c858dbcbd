package dev.kinetic.inference;

import dev.kinetic.platform.telemetry.Telemetry;
import dev.kinetic.platform.telemetry.TelemetryAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * What the dashboards show of inference: requests and their latency per model and version, rows
 * scored, and refusals by HTTP status.
 */
final class InferenceMetrics {

  static final AttributeKey<String> MODEL = TelemetryAttributes.MODEL;
  static final AttributeKey<String> VERSION = TelemetryAttributes.MODEL_VERSION;
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  private final DoubleHistogram duration;
  private final LongCounter rows;
  private final LongCounter errors;

  InferenceMetrics(Meter meter) {
    this.duration =
        meter
            .histogramBuilder("kinetic.inference.duration")
            .setDescription("Time to score one request, from its parsed input to its predictions")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(Telemetry.SECONDS_BUCKETS)
            .build();
    this.rows =
        meter
            .counterBuilder("kinetic.inference.rows")
            .setDescription("Rows scored, each one prediction")
            .build();
    this.errors =
        meter
            .counterBuilder("kinetic.inference.errors")
            .setDescription("Requests answered with an error, by status")
            .build();
  }

  void scored(String model, String version, int count, long nanos) {
    Attributes attributes = Attributes.of(MODEL, model, VERSION, version);
    duration.record(nanos / 1e9, attributes);
    rows.add(count, attributes);
  }

  void failed(String model, int status) {
    errors.add(1, Attributes.of(MODEL, model == null ? "" : model, STATUS, (long) status));
  }
}
