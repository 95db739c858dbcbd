/** Holdout metrics, one implementation for every model the promotion gate compares. */
package dev.kinetic.platform.metrics;
