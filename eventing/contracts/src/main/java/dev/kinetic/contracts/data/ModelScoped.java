package dev.kinetic.contracts.data;

/**
 * Data that concerns one model. Its name becomes the {@code model} and {@code partitionkey}
 * extensions, so Triggers can filter on it and Kafka keeps one model's events in order.
 */
public interface ModelScoped {
  String model();
}
