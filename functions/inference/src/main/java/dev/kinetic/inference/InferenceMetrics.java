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
 * scored, refusals by HTTP status; and of the models themselves, which version each replica serves
 * on which device, each load (a start, a promotion) with its outcome and how long it took.
 */
final class InferenceMetrics {

  static final AttributeKey<String> MODEL = TelemetryAttributes.MODEL;
  static final AttributeKey<String> VERSION = TelemetryAttributes.MODEL_VERSION;
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> OUTCOME = TelemetryAttributes.OUTCOME;
  static final AttributeKey<String> DEVICE = AttributeKey.stringKey("kinetic.device");

  private final DoubleHistogram duration;
  private final LongCounter rows;
  private final LongCounter errors;
  private final LongCounter loads;
  private final DoubleHistogram loadDuration;
  private final Meter meter;

  InferenceMetrics(Meter meter) {
    this.meter = meter;
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
    this.loads =
        meter
            .counterBuilder("kinetic.inference.model.loads")
            .setDescription(
                "Model versions loaded to serve (outcome loaded) or that failed to load and left"
                    + " the version before them serving (outcome failed)")
            .build();
    this.loadDuration =
        meter
            .histogramBuilder("kinetic.inference.model.load.duration")
            .setDescription("Time to fetch, check, open and warm a model version")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(Telemetry.SECONDS_BUCKETS)
            .build();
  }

  /** Reports, at each collection, 1 for each version {@code served} holds, with its device. */
  void observe(ServingModels served) {
    meter
        .gaugeBuilder("kinetic.inference.model.served")
        .ofLongs()
        .setDescription("The version of each model this replica serves, and on which device (1)")
        .buildWithCallback(
            gauge -> {
              for (ServedModel model : served.served()) {
                gauge.record(
                    1,
                    Attributes.of(
                        MODEL,
                        model.card().model(),
                        VERSION,
                        model.version(),
                        DEVICE,
                        model.onnx().device().name()));
              }
            });
  }

  void loaded(String model, String version, long nanos) {
    Attributes attributes = Attributes.of(MODEL, model, VERSION, version);
    loads.add(1, attributes.toBuilder().put(OUTCOME, "loaded").build());
    loadDuration.record(nanos / 1e9, attributes);
  }

  /** A load that failed; {@code version} is null when it failed before a version was known. */
  void loadFailed(String model, String version) {
    loads.add(
        1,
        version == null
            ? Attributes.of(MODEL, model, OUTCOME, "failed")
            : Attributes.of(MODEL, model, VERSION, version, OUTCOME, "failed"));
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
