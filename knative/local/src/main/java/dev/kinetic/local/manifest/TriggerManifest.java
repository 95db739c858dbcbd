package dev.kinetic.local.manifest;

import dev.kinetic.broker.DeliverySpec;
import dev.kinetic.broker.TriggerFilter;

/**
 * A Trigger.
 *
 * @param delivery its own delivery, or {@code null} for its Broker's
 * @param ordered whether {@code kafka.eventing.knative.dev/delivery.order} is {@code ordered}
 */
public record TriggerManifest(
    String namespace,
    String name,
    String broker,
    TriggerFilter filter,
    Destination subscriber,
    DeliverySpec delivery,
    Destination deadLetterSink,
    boolean ordered) {}
