package dev.kinetic.contracts.data;

/**
 * The promotion gate's verdict on one metric: the challenger's value, the champion's (absent when
 * there was no champion), the improvement required, and whether it passed.
 */
public record GateResult(
    String metric, double challenger, Double champion, Double minImprovement, boolean passed) {}
