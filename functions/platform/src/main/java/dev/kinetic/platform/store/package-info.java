/**
 * Object storage on the S3 API, with the two operations Kinetic's consistency rests on: create-only
 * writes for immutable artefacts and compare-and-set on ETags for the one mutable pointer. {@link
 * dev.kinetic.platform.store.S3ObjectStore} talks to S3 or any S3-compatible server; {@link
 * dev.kinetic.platform.store.InMemoryObjectStore} is its fake for unit tests.
 */
package dev.kinetic.platform.store;
