package dev.kinetic.drift;

import dev.kinetic.platform.model.Champion;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.store.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DriftMonitor} per model, on its current champion. The champion alias is read again when
 * a batch names another version and at least every {@code championCheck}; a new champion brings a
 * new baseline and an empty window.
 */
final class DriftMonitors {

  private static final Logger log = LoggerFactory.getLogger(DriftMonitors.class);

  private final ObjectStore store;
  private final ModelStore models;
  private final Clock clock;
  private final int flushRows;
  private final Duration championCheck;
  private final Map<String, Entry> monitors = new ConcurrentHashMap<>();

  private record Entry(DriftMonitor monitor, long checkedAt) {}

  DriftMonitors(ObjectStore store, Clock clock, int flushRows, Duration championCheck) {
    this.store = store;
    this.models = new ModelStore(store, clock);
    this.clock = clock;
    this.flushRows = flushRows;
    this.championCheck = championCheck;
  }

  /**
   * The monitor of {@code model} for its champion; empty while the model has none.
   *
   * @param seenVersion the version a batch was made by, or {@code null}
   */
  Optional<DriftMonitor> of(String model, String seenVersion) {
    Entry entry = monitors.get(model);
    long now = clock.millis();
    boolean stale =
        entry == null
            || now - entry.checkedAt() >= championCheck.toMillis()
            || (seenVersion != null
                && !seenVersion.equals(entry.monitor().baselineVersion())
                && now - entry.checkedAt() >= 1_000);
    if (!stale) {
      return Optional.of(entry.monitor());
    }
    Entry checked =
        monitors.compute(
            model,
            (name, current) -> {
              Optional<Champion> champion = models.champion(name);
              if (champion.isEmpty()) {
                return null;
              }
              if (current != null
                  && current.monitor().baselineVersion().equals(champion.get().version())) {
                return new Entry(current.monitor(), now);
              }
              if (current != null && current.monitor().hasPending()) {
                current.monitor().flush();
              }
              ModelCard card =
                  models
                      .card(name, champion.get().version())
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  name + " champion " + champion.get().version() + " has no card"));
              log.info("{}: watching champion {}", name, card.version());
              List<Map<String, String>> holdout = models.holdout(card).orElseGet(List::of);
              if (holdout.isEmpty()) {
                log.warn("{} {} has no holdout: KS falls back to PSI", name, card.version());
              }
              return new Entry(
                  new DriftMonitor(Baseline.of(card, holdout), store, clock, flushRows), now);
            });
    if (checked == null) {
      log.debug("{} has no champion: nothing to compare live traffic with", model);
      return Optional.empty();
    }
    return Optional.of(checked.monitor());
  }

  /** Every model with a stored window or a monitor in this replica. */
  List<String> models() {
    java.util.Set<String> models = new java.util.TreeSet<>(monitors.keySet());
    store.list("state/drift/").stream()
        .map(info -> info.key().substring("state/drift/".length()))
        .filter(name -> name.endsWith(".json"))
        .map(name -> name.substring(0, name.length() - ".json".length()))
        .forEach(models::add);
    return List.copyOf(models);
  }

  /** Every monitor started so far. */
  List<DriftMonitor> all() {
    return monitors.values().stream().map(Entry::monitor).toList();
  }
}
