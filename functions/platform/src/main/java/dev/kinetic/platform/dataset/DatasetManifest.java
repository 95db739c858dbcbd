package dev.kinetic.platform.dataset;

import dev.kinetic.contracts.data.DatasetIngested.Origin;
import java.time.Instant;

/**
 * A complete dataset version. {@code version} is the SHA-256 of the data file, so the same content
 * is always the same version; the profile's digest is recorded so it is verified on read too.
 */
public record DatasetManifest(
    String model,
    String version,
    String dataKey,
    String profileKey,
    String profileSha256,
    long rows,
    long sizeBytes,
    Instant createdAt,
    Origin origin,
    Instant trafficFrom,
    Instant trafficTo) {

  public DatasetManifest {
    origin = origin == null ? Origin.submitted : origin;
  }

  public String manifestKey() {
    return DatasetStore.prefix(model, version) + DatasetStore.MANIFEST;
  }
}
