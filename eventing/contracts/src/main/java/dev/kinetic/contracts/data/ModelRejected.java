package dev.kinetic.contracts.data;

/** A candidate that did not pass the gate; the champion stays. */
public record ModelRejected(
    String model, String version, String championVersion, GateResult gate, String reason)
    implements ModelScoped {}
