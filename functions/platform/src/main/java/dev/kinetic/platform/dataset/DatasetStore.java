package dev.kinetic.platform.dataset;

import dev.kinetic.contracts.Json;
import dev.kinetic.platform.store.ImmutableObjects;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.ObjectStoreException;
import dev.kinetic.platform.store.PreconditionFailedException;
import dev.kinetic.platform.store.Sha256;
import dev.kinetic.platform.store.StoredObject;
import dev.kinetic.platform.store.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Immutable, content-addressed dataset versions on an {@link ObjectStore}. */
public final class DatasetStore {

  static final String DATA = "data.csv";
  static final String PROFILE = "profile.json";
  static final String MANIFEST = "manifest.json";

  private final ObjectStore store;
  private final Clock clock;

  public DatasetStore(ObjectStore store) {
    this(store, Clock.systemUTC());
  }

  public DatasetStore(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  static String prefix(String model, String version) {
    return "datasets/" + model + "/" + version + "/";
  }

  /**
   * Publishes {@code data} (CSV with a header, streamed from disk) and its profile as a version
   * named by the data's SHA-256. Publishing the same content again, or concurrently, returns the
   * existing version as a duplicate; a crash part-way is completed by publishing again.
   */
  public PublishedDataset publish(String model, Path data, byte[] profile, long rows) {
    return publish(model, data, profile, rows, DatasetSource.SUBMITTED);
  }

  /**
   * Publishes as {@link #publish(String, Path, byte[], long)} does, recording where the rows came
   * from. The first publisher's source stays: the same content is the same version.
   */
  public PublishedDataset publish(
      String model, Path data, byte[] profile, long rows, DatasetSource source) {
    String version;
    try (InputStream content = Files.newInputStream(data)) {
      version = Sha256.of(content);
    } catch (IOException e) {
      throw new ObjectStoreException("reading " + data, e);
    }
    Optional<DatasetManifest> existing = manifest(model, version);
    if (existing.isPresent()) {
      return new PublishedDataset(existing.get(), true);
    }
    String prefix = prefix(model, version);
    ImmutableObjects.putOnce(store, prefix + DATA, ObjectContent.of(data));
    ImmutableObjects.putOnce(store, prefix + PROFILE, ObjectContent.of(profile));
    DatasetManifest manifest =
        new DatasetManifest(
            model,
            version,
            prefix + DATA,
            prefix + PROFILE,
            Sha256.of(profile),
            rows,
            ObjectContent.of(data).size(),
            clock.instant(),
            source.origin(),
            source.trafficFrom(),
            source.trafficTo());
    try {
      store.put(
          manifest.manifestKey(),
          ObjectContent.of(Json.MAPPER.writeValueAsBytes(manifest)),
          WriteCondition.ifAbsent());
      return new PublishedDataset(manifest, false);
    } catch (PreconditionFailedException concurrentPublisher) {
      return new PublishedDataset(manifest(model, version).orElseThrow(), true);
    }
  }

  /** The manifest of a complete version; empty if there is none. */
  public Optional<DatasetManifest> manifest(String model, String version) {
    return store
        .get(prefix(model, version) + MANIFEST)
        .map(object -> Json.MAPPER.readValue(object.readAllBytes(), DatasetManifest.class));
  }

  /** Every complete version of {@code model}, oldest first. */
  public List<DatasetManifest> versions(String model) {
    return store.list("datasets/" + model + "/").stream()
        .filter(info -> info.key().endsWith("/" + MANIFEST))
        .map(info -> store.get(info.key()).orElseThrow().readAllBytes())
        .map(bytes -> Json.MAPPER.readValue(bytes, DatasetManifest.class))
        .sorted(Comparator.comparing(DatasetManifest::createdAt))
        .toList();
  }

  /** The newest complete version of {@code model}. */
  public Optional<DatasetManifest> latest(String model) {
    List<DatasetManifest> versions = versions(model);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.getLast());
  }

  /**
   * Opens the data for streaming. Reading it to the end verifies it against its version and throws
   * {@link dev.kinetic.platform.store.IntegrityException} if it was corrupted.
   */
  public InputStream openData(DatasetManifest manifest) {
    StoredObject object = require(manifest.dataKey());
    return Sha256.verifying(object.content(), manifest.dataKey(), manifest.version());
  }

  /** The profile, verified against the digest in the manifest. */
  public byte[] profile(DatasetManifest manifest) {
    return Sha256.verified(
        require(manifest.profileKey()).readAllBytes(),
        manifest.profileKey(),
        manifest.profileSha256());
  }

  private StoredObject require(String key) {
    return store
        .get(key)
        .orElseThrow(
            () -> new ObjectStoreException(key + " is missing from its dataset version", null));
  }
}
