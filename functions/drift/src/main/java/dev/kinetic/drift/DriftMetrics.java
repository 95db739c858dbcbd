package dev.kinetic.drift;

import dev.kinetic.contracts.data.DriftDetected;
import dev.kinetic.contracts.data.DriftDetected.FeatureDrift;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import java.util.function.ToDoubleFunction;

/**
 * The last comparison of each model's live window with its baseline, as gauges read when metrics
 * are collected: every feature's statistic and the threshold it is held to, and the share of
 * features that drifted. A replica reports the models it watches.
 */
final class DriftMetrics {

  static final AttributeKey<String> MODEL = AttributeKey.stringKey("kinetic.model");
  static final AttributeKey<String> VERSION = AttributeKey.stringKey("kinetic.model_version");
  static final AttributeKey<String> FEATURE = AttributeKey.stringKey("kinetic.feature");
  static final AttributeKey<String> TEST = AttributeKey.stringKey("kinetic.drift_test");

  private DriftMetrics() {}

  static void register(Meter meter, DriftMonitors monitors) {
    meter
        .gaugeBuilder("kinetic.drift.statistic")
        .setDescription(
            "The feature's drift statistic (PSI, KS, Jensen-Shannon or chi-squared) in the last"
                + " window")
        .buildWithCallback(gauge -> perFeature(gauge, monitors, FeatureDrift::statistic));
    meter
        .gaugeBuilder("kinetic.drift.threshold")
        .setDescription("The value of the statistic above which the feature counts as drifted")
        .buildWithCallback(gauge -> perFeature(gauge, monitors, FeatureDrift::threshold));
    meter
        .gaugeBuilder("kinetic.drift.drifted_share")
        .setDescription("The share of the model's features that drifted in the last window")
        .buildWithCallback(
            gauge ->
                monitors.all().stream()
                    .flatMap(monitor -> monitor.lastComparison().stream())
                    .forEach(d -> gauge.record(d.driftedShare(), modelAttributes(d))));
  }

  private static void perFeature(
      ObservableDoubleMeasurement gauge,
      DriftMonitors monitors,
      ToDoubleFunction<FeatureDrift> value) {
    monitors.all().stream()
        .flatMap(monitor -> monitor.lastComparison().stream())
        .forEach(comparison -> record(gauge, comparison, value));
  }

  private static void record(
      ObservableDoubleMeasurement gauge,
      DriftDetected comparison,
      ToDoubleFunction<FeatureDrift> value) {
    for (FeatureDrift feature : comparison.features()) {
      gauge.record(
          value.applyAsDouble(feature),
          modelAttributes(comparison).toBuilder()
              .put(FEATURE, feature.feature())
              .put(TEST, feature.test().name())
              .build());
    }
  }

  private static Attributes modelAttributes(DriftDetected comparison) {
    return Attributes.of(MODEL, comparison.model(), VERSION, comparison.modelVersion());
  }
}
