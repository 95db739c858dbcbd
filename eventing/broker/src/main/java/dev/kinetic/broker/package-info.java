/**
 * An embeddable broker with Knative Broker semantics, so Kinetic's functions see on one machine
 * what they see on a cluster: HTTP ingress in binary and structured mode, Triggers with Knative's
 * filter dialects, delivery with retries, backoff and a dead-letter sink, replies published back
 * into the broker with a TTL loop guard, and events kept in memory or in a Kafka topic laid out as
 * the Knative Kafka Broker lays it out.
 */
package dev.kinetic.broker;
