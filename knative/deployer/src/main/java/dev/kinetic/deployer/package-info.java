/**
 * Deploys Kinetic to a Knative cluster: renders an overlay, checks every object against the Knative
 * and Kubernetes models, server-side applies it, waits for Ready, and rolls inference out by
 * traffic split.
 */
package dev.kinetic.deployer;
