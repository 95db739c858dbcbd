package dev.kinetic.broker;

import java.net.URI;
import java.time.Duration;

/**
 * How a Trigger's events are delivered, as Knative's {@code delivery}: {@code retry} retries after
 * the first attempt, waiting {@code backoffDelay} × n (linear) or × 2<sup>n-1</sup> (exponential)
 * before retry n; each attempt limited to {@code timeout}; what still fails goes to {@code
 * deadLetterSink}, if any. A Trigger's spec replaces its Broker's whole, as in Knative.
 */
public record DeliverySpec(
    int retry,
    BackoffPolicy backoffPolicy,
    Duration backoffDelay,
    Duration timeout,
    URI deadLetterSink) {

  /** Knative's Kafka broker default per-request timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** Neither retries nor a dead-letter sink: Knative's behaviour when no delivery is given. */
  public static final DeliverySpec NONE =
      new DeliverySpec(0, BackoffPolicy.EXPONENTIAL, Duration.ofMillis(100), null, null);

  public enum BackoffPolicy {
    LINEAR,
    EXPONENTIAL
  }

  public DeliverySpec {
    if (retry < 0) {
      throw new IllegalArgumentException("retry must not be negative, was " + retry);
    }
    backoffPolicy = backoffPolicy == null ? BackoffPolicy.EXPONENTIAL : backoffPolicy;
    backoffDelay = backoffDelay == null ? Duration.ofMillis(100) : backoffDelay;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** The wait before retry {@code n} (1 for the first retry). */
  public Duration backoff(int n) {
    return switch (backoffPolicy) {
      case LINEAR -> backoffDelay.multipliedBy(n);
      case EXPONENTIAL -> backoffDelay.multipliedBy(1L << Math.min(n - 1, 30));
    };
  }

  public DeliverySpec withDeadLetterSink(URI sink) {
    return new DeliverySpec(retry, backoffPolicy, backoffDelay, timeout, sink);
  }
}
