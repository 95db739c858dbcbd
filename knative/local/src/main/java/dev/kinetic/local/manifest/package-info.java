/**
 * Reads Knative manifests (Broker, Trigger, Service) the way the cluster would understand them,
 * into what the local runtime needs, and refuses at once what would fail later: a Trigger naming a
 * Service or Broker that does not exist, an unknown Kinetic event type, two filter dialects in one
 * item.
 */
package dev.kinetic.local.manifest;
