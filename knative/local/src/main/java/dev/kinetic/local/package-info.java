/**
 * The local runtime: plays Knative on one machine. It reads the manifests, starts the embedded S3
 * store and the broker, and serves one gateway port in the part of Knative's ingress and activator:
 * broker ingress at {@code /<namespace>/<broker>}, each function at {@code /functions/<name>/},
 * started as a local process on first demand and stopped when idle.
 */
package dev.kinetic.local;
