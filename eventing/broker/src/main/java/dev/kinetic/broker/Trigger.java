package dev.kinetic.broker;

import java.net.URI;

/**
 * A subscription to a broker's events.
 *
 * @param delivery this Trigger's delivery, or {@code null} for its broker's
 * @param ordered deliver events with the same {@code partitionkey} one at a time, in order ({@code
 *     kafka.eventing.knative.dev/delivery.order: ordered}); otherwise concurrently
 */
public record Trigger(
    String name, TriggerFilter filter, URI subscriber, DeliverySpec delivery, boolean ordered) {

  public Trigger {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a Trigger needs a name");
    }
    if (subscriber == null) {
      throw new IllegalArgumentException("Trigger " + name + " needs a subscriber");
    }
    filter = filter == null ? TriggerFilter.ALL_EVENTS : filter;
  }

  public static Trigger to(String name, URI subscriber, TriggerFilter filter) {
    return new Trigger(name, filter, subscriber, null, false);
  }

  public Trigger withDelivery(DeliverySpec spec) {
    return new Trigger(name, filter, subscriber, spec, ordered);
  }

  public Trigger inOrder() {
    return new Trigger(name, filter, subscriber, delivery, true);
  }
}
