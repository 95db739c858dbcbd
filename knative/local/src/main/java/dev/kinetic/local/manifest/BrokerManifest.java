package dev.kinetic.local.manifest;

import dev.kinetic.broker.DeliverySpec;

/** A Broker, with its delivery (its dead-letter sink still to be resolved). */
public record BrokerManifest(
    String namespace, String name, DeliverySpec delivery, Destination deadLetterSink) {}
