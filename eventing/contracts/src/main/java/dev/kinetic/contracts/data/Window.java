package dev.kinetic.contracts.data;

import java.time.Instant;

/** The span of live traffic a statistic was computed on. */
public record Window(Instant from, Instant to, long size) {}
