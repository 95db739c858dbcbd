package dev.kinetic.broker;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's OpenTelemetry instruments: events accepted per broker; delivered, retried,
 * dead-lettered and dropped per Trigger; ingress-to-subscriber latency. The same counts are kept
 * per Trigger in {@link TriggerStats} for {@code kinetic status}.
 */
final class BrokerMetrics {

  static final AttributeKey<String> BROKER = AttributeKey.stringKey("kinetic.broker");
  static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("kinetic.trigger");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("kinetic.reason");

  /** Seconds, from one local hop to a delivery that waited through its retries' backoff. */
  private static final List<Double> LATENCY_BUCKETS =
      List.of(
          0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);

  private final String broker;
  private final LongCounter accepted;
  private final LongCounter delivered;
  private final LongCounter retried;
  private final LongCounter deadLettered;
  private final LongCounter dropped;
  private final DoubleHistogram latency;
  private final Map<String, TriggerStats> stats = new ConcurrentHashMap<>();

  BrokerMetrics(OpenTelemetry openTelemetry, String broker) {
    this.broker = broker;
    Meter meter = openTelemetry.getMeter("dev.kinetic.broker");
    accepted =
        meter
            .counterBuilder("kinetic.broker.accepted")
            .setDescription("Events accepted at ingress")
            .build();
    delivered =
        meter
            .counterBuilder("kinetic.broker.delivered")
            .setDescription("Events a subscriber accepted")
            .build();
    retried =
        meter
            .counterBuilder("kinetic.broker.retried")
            .setDescription("Delivery attempts retried")
            .build();
    deadLettered =
        meter
            .counterBuilder("kinetic.broker.dead_lettered")
            .setDescription("Events sent to a dead-letter sink")
            .build();
    dropped =
        meter
            .counterBuilder("kinetic.broker.dropped")
            .setDescription("Events given up: no dead-letter sink, sink failed, or TTL out")
            .build();
    latency =
        meter
            .histogramBuilder("kinetic.broker.delivery.latency")
            .setDescription("From ingress to the subscriber's acceptance")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS)
            .build();
  }

  TriggerStats stats(String trigger) {
    return stats.computeIfAbsent(trigger, t -> new TriggerStats());
  }

  Map<String, TriggerStats> all() {
    return stats;
  }

  void accepted() {
    accepted.add(1, Attributes.of(BROKER, broker));
  }

  void delivered(String trigger, Duration sinceArrival) {
    stats(trigger).delivered.increment();
    Attributes attributes = Attributes.of(BROKER, broker, TRIGGER, trigger);
    delivered.add(1, attributes);
    latency.record(sinceArrival.toNanos() / 1e9, attributes);
  }

  void retried(String trigger) {
    stats(trigger).retried.increment();
    retried.add(1, Attributes.of(BROKER, broker, TRIGGER, trigger));
  }

  void deadLettered(String trigger) {
    stats(trigger).deadLettered.increment();
    deadLettered.add(1, Attributes.of(BROKER, broker, TRIGGER, trigger));
  }

  void dropped(String trigger, String reason) {
    stats(trigger).dropped.increment();
    dropped.add(1, Attributes.of(BROKER, broker, TRIGGER, trigger, REASON, reason));
  }
}
