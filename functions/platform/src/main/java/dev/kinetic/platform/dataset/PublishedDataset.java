package dev.kinetic.platform.dataset;

/**
 * The outcome of publishing: the version's manifest, and whether it already existed (the same
 * content was published before), in which case nothing new was written.
 */
public record PublishedDataset(DatasetManifest manifest, boolean duplicate) {}
