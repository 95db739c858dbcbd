package dev.kinetic.contracts.data;

/** The champion alias moved back to {@code version}, withdrawing {@code fromVersion}. */
public record ModelRolledBack(String model, String version, String fromVersion, String reason)
    implements ModelScoped {}
