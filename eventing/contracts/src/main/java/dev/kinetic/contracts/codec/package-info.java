/**
 * CloudEvents on the wire: HTTP in binary and structured mode, and Kafka records in binary mode
 * ({@code ce_} headers, the layout the Knative Kafka Broker stores). Decoding failures become
 * {@link dev.kinetic.contracts.InvalidEventException}s that name the attribute at fault.
 */
package dev.kinetic.contracts.codec;
