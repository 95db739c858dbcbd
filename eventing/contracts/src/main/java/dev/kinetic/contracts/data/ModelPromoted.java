package dev.kinetic.contracts.data;

/**
 * The champion alias now points at {@code version}; {@code previousVersion} is the one replaced.
 */
public record ModelPromoted(
    String model, String version, String previousVersion, GateResult gate, String reason)
    implements ModelScoped {}
