package dev.kinetic.contracts.data;

/** What Kinetic's PingSources send: a scheduled {@code task}, optionally for one model. */
public record Ping(String task, String model) {}
