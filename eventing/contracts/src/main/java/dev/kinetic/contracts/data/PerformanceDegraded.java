package dev.kinetic.contracts.data;

/** A rolling quality metric, computed from feedback, crossed the spec's floor (or ceiling). */
public record PerformanceDegraded(
    String model, String modelVersion, String metric, double value, double floor, Window window)
    implements ModelScoped {}
