/**
 * The Spring adapter every Kinetic function shares: CloudEvents over HTTP in and out, Knative's
 * error semantics, telemetry around each invocation, and the stores' wiring.
 */
package dev.kinetic.function;
