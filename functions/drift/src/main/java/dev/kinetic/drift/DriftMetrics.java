package dev.kinetic.drift;

import dev.kinetic.contracts.data.DriftDetected;
import dev.kinetic.contracts.data.DriftDetected.FeatureDrift;
import dev.kinetic.platform.telemetry.TelemetryAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;

/**
 * Each model's live window compared with its baseline, as gauges read when metrics are collected:
 * every feature's statistic and the threshold it is held to, and the share of features that
 * drifted. The window is compared once per collection, for all three. A replica reports the models
 * it watches.
 */
final class DriftMetrics {

  static final AttributeKey<String> MODEL = TelemetryAttributes.MODEL;
  static final AttributeKey<String> VERSION = TelemetryAttributes.MODEL_VERSION;
  static final AttributeKey<String> FEATURE = AttributeKey.stringKey("kinetic.feature");
  static final AttributeKey<String> TEST = AttributeKey.stringKey("kinetic.drift_test");

  private DriftMetrics() {}

  static void register(Meter meter, DriftMonitors monitors) {
    ObservableDoubleMeasurement statistic =
        meter
            .gaugeBuilder("kinetic.drift.statistic")
            .setDescription(
                "The feature's drift statistic (PSI, KS, Jensen-Shannon or chi-squared) in the"
                    + " live window")
            .buildObserver();
    ObservableDoubleMeasurement threshold =
        meter
            .gaugeBuilder("kinetic.drift.threshold")
            .setDescription("The value of the statistic above which the feature counts as drifted")
            .buildObserver();
    ObservableDoubleMeasurement driftedShare =
        meter
            .gaugeBuilder("kinetic.drift.drifted_share")
            .setDescription("The share of the model's features that drifted in the live window")
            .buildObserver();
    meter.batchCallback(
        () ->
            monitors.all().stream()
                .flatMap(monitor -> monitor.report().stream())
                .forEach(
                    comparison -> {
                      Attributes model = modelAttributes(comparison);
                      driftedShare.record(comparison.driftedShare(), model);
                      for (FeatureDrift feature : comparison.features()) {
                        Attributes attributes =
                            model.toBuilder()
                                .put(FEATURE, feature.feature())
                                .put(TEST, feature.test().name())
                                .build();
                        statistic.record(feature.statistic(), attributes);
                        threshold.record(feature.threshold(), attributes);
                      }
                    }),
        statistic,
        threshold,
        driftedShare);
  }

  private static Attributes modelAttributes(DriftDetected comparison) {
    return Attributes.of(MODEL, comparison.model(), VERSION, comparison.modelVersion());
  }
}
