package dev.kinetic.inference;

import dev.kinetic.platform.model.Champion;
import dev.kinetic.platform.model.LoadedModel;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.scoring.Device;
import dev.kinetic.scoring.SessionSettings;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versions this replica serves, one per model, swapped atomically. A model serves its champion
 * unless a version is pinned. {@link #refresh} follows the champion alias: a Trigger delivers
 * {@code model.promoted} to one replica only, so every replica also checks the alias's ETag on an
 * interval. A load that fails keeps the version already serving.
 */
final class ServingModels implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServingModels.class);

  private final ModelStore models;
  private final SpecStore specs;
  private final List<String> configured;
  private final Optional<String> pinnedVersion;
  private final Device device;
  private final SessionSettings session;
  private final InferenceProperties.Batching batching;
  private final InferenceMetrics metrics;
  private final Map<String, ServedModel> served = new ConcurrentHashMap<>();
  private final Map<String, String> lastFailure = new ConcurrentHashMap<>();
  // Read on every request, so kept here and renewed by refresh(), never listed from the store.
  private volatile Set<String> names = Set.of();

  /**
   * @param configured the models to serve; empty means every model with a spec in the store
   * @param pinnedVersion a version every configured model serves instead of its champion
   */
  ServingModels(
      ObjectStore store,
      List<String> configured,
      Optional<String> pinnedVersion,
      Device device,
      SessionSettings session,
      InferenceProperties.Batching batching,
      InferenceMetrics metrics) {
    this.device = device;
    this.session = session;
    this.batching = batching;
    this.metrics = metrics;
    this.models = new ModelStore(store);
    this.specs = new SpecStore(store);
    this.configured = List.copyOf(configured);
    this.pinnedVersion = pinnedVersion;
  }

  /**
   * The models this replica is meant to serve, whether or not they are loaded yet, as of the last
   * {@link #refresh()}.
   */
  Set<String> names() {
    return names;
  }

  Optional<ServedModel> get(String model) {
    return Optional.ofNullable(served.get(model));
  }

  /** Why the last load of {@code model} failed, if it did. */
  Optional<String> failure(String model) {
    return Optional.ofNullable(lastFailure.get(model));
  }

  /**
   * Loads what changed, a new champion or a model not loaded yet, each model at once with the
   * others; returns when all are done. Never throws.
   */
  void refresh() {
    try {
      names =
          Collections.unmodifiableSet(
              new TreeSet<>(configured.isEmpty() ? specs.models() : configured));
    } catch (RuntimeException e) {
      log.error("listing the models to serve failed; keeping {}", names, e);
    }
    // A thread per model: a replica serving several models starts, and follows promotions, in the
    // time of its slowest model rather than the sum of all (most of a load is waiting on the
    // store).
    try (ExecutorService loads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String model : names) {
        loads.execute(() -> refresh(model));
      }
    }
  }

  /** Loads {@code model}'s champion (or pinned version) if it is not the one serving. */
  void refresh(String model) {
    String loading = null;
    try {
      if (pinnedVersion.isPresent()) {
        if (get(model).map(ServedModel::version).equals(pinnedVersion)) {
          return;
        }
        loading = pinnedVersion.get();
        long fetching = System.nanoTime();
        swap(model, models.load(model, loading), null, fetching);
        return;
      }
      Optional<Champion> champion = models.champion(model);
      if (champion.isEmpty()) {
        return;
      }
      Optional<ServedModel> current = get(model);
      if (current.isPresent() && champion.get().etag().equals(current.get().etag())) {
        return;
      }
      if (current.isPresent() && current.get().version().equals(champion.get().version())) {
        return;
      }
      loading = champion.get().version();
      long fetching = System.nanoTime();
      swap(model, models.load(model, loading), champion.get().etag(), fetching);
    } catch (RuntimeException e) {
      lastFailure.put(model, e.getMessage());
      metrics.loadFailed(model, loading);
      log.error(
          "loading {} failed; {} keeps serving",
          model,
          get(model).map(ServedModel::version).orElse("nothing"),
          e);
    }
  }

  /**
   * @param fetching when fetching {@code loaded} began, for the log
   */
  private void swap(String model, Optional<LoadedModel> loaded, String etag, long fetching) {
    LoadedModel version =
        loaded.orElseThrow(
            () -> new IllegalStateException(model + ": the version to serve is not published"));
    long opening = System.nanoTime();
    ServedModel next = ServedModel.load(version, etag, device, session, batching);
    ServedModel previous = served.put(model, next);
    lastFailure.remove(model);
    metrics.loaded(model, next.version(), System.nanoTime() - fetching);
    log.info(
        "{}: serving {} on {}{} (fetched and checked in {} ms, opened and warmed in {} ms)",
        model,
        next.version(),
        next.onnx().device(),
        previous == null ? "" : " (was " + previous.version() + ")",
        (opening - fetching) / 1_000_000,
        (System.nanoTime() - opening) / 1_000_000);
    if (previous != null) {
      previous.retire();
    }
  }

  /** The versions served now, one per model. */
  Collection<ServedModel> served() {
    return served.values();
  }

  /**
   * Runs {@code use} with {@code model}'s served version held, so a swap cannot close it meanwhile.
   */
  <T> Optional<T> with(String model, Function<ServedModel, T> use) {
    for (int attempt = 0; attempt < 3; attempt++) {
      ServedModel current = served.get(model);
      if (current == null) {
        return Optional.empty();
      }
      if (current.acquire()) {
        try {
          return Optional.of(use.apply(current));
        } finally {
          current.release();
        }
      }
    }
    throw new IllegalStateException(model + " is being swapped; try again");
  }

  @Override
  public void close() {
    served.values().forEach(ServedModel::retire);
    served.clear();
  }
}
