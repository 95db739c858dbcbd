package dev.kinetic.train;

import dev.kinetic.contracts.data.DatasetIngested.Origin;
import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.contracts.data.TrainingRequested.DatasetSelection;
import dev.kinetic.contracts.data.TrainingRequested.Reason;
import dev.kinetic.platform.dataset.DatasetManifest;
import dev.kinetic.platform.dataset.DatasetStore;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpec.RetrainingPolicy;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.JsonDocument;
import dev.kinetic.platform.store.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec's retraining policy: decides whether a drift or performance signal becomes a training,
 * and on which data.
 *
 * <p>A model trains at most once per {@code cooldown}: the first signal claims the slot in {@code
 * state/train/<model>/retraining.json} by compare-and-set, so a burst of signals, on any number of
 * replicas, makes one training; a redelivery of the claiming event trains again (and finds the
 * training already done).
 *
 * <p>Production traffic counts from the end of the signal's window, when the change was seen: the
 * model is retrained on what traffic looks like now. A signal is kept as pending until {@code
 * minNewLabelledRows} such rows are labelled, and the labelled data that completes it starts the
 * training.
 */
final class Retraining {

  private static final Logger log = LoggerFactory.getLogger(Retraining.class);

  /**
   * What the policy has decided for one model: the last claim (when, by which event, for which
   * signal) and the signal waiting for labelled rows, if any.
   */
  record State(
      Instant lastClaimedAt,
      String claimedBy,
      Signal claimed,
      List<String> claimedVersions,
      Signal pending) {
    static final State NONE = new State(null, null, null, null, null);
  }

  /**
   * A drift or performance signal: why, the event that carried it, and when the change was seen.
   */
  record Signal(Reason reason, String cause, Instant since) {}

  private final ObjectStore store;
  private final SpecStore specs;
  private final DatasetStore datasets;
  private final Clock clock;

  Retraining(ObjectStore store, Clock clock) {
    this.store = store;
    this.specs = new SpecStore(store);
    this.datasets = new DatasetStore(store);
    this.clock = clock;
  }

  /**
   * A signal from drift: {@code since} is where its window of live traffic ended.
   *
   * @return the training to run now, or empty when the policy says not now
   */
  Optional<TrainingRequested> onSignal(String eventId, String model, Reason reason, Instant since) {
    return decide(eventId, model, new Signal(reason, eventId, since));
  }

  /**
   * Labelled production data arrived in event {@code eventId}: starts the training a pending signal
   * waited for (again, when {@code eventId} is redelivered after it claimed the training).
   */
  Optional<TrainingRequested> onLabelledData(String eventId, String model) {
    State current = state(model).read();
    return current.pending() == null && !eventId.equals(current.claimedBy())
        ? Optional.empty()
        : decide(eventId, model, current.pending());
  }

  /**
   * Claims the model's training for {@code eventId} when the policy allows it now. The claim is the
   * event being handled, so only its redelivery (after a crash mid-training) trains again.
   */
  private Optional<TrainingRequested> decide(String eventId, String model, Signal signal) {
    ModelSpec spec = specs.require(model).spec();
    RetrainingPolicy policy = spec.retraining();
    JsonDocument<State> state = state(model);
    State current = state.read();
    if (eventId.equals(current.claimedBy())) {
      log.info("{}: {} claimed this training before; again, on the same data", model, eventId);
      return Optional.of(request(model, current.claimed(), current.claimedVersions()));
    }
    if (coolingDown(current, policy)) {
      log.info(
          "{}: {} signal {} ignored; cooling down until {}",
          model,
          signal.reason(),
          signal.cause(),
          current.lastClaimedAt().plus(policy.cooldown()));
      return Optional.empty();
    }
    List<DatasetManifest> all = datasets.versions(model);
    List<DatasetManifest> traffic = labelledTraffic(all, signal.since());
    long rows = traffic.stream().mapToLong(DatasetManifest::rows).sum();
    if (rows < policy.minNewLabelledRows()) {
      log.info(
          "{}: {} signal {} waits for labelled rows ({} of {} since {})",
          model,
          signal.reason(),
          signal.cause(),
          rows,
          policy.minNewLabelledRows(),
          signal.since());
      state.update(
          s ->
              s.pending() != null
                  ? s
                  : new State(
                      s.lastClaimedAt(), s.claimedBy(), s.claimed(), s.claimedVersions(), signal));
      return Optional.empty();
    }
    List<String> versions = new ArrayList<>();
    if (policy.data() == RetrainingPolicy.RetrainingData.trafficAndIngested) {
      all.stream()
          .filter(m -> m.origin() == Origin.submitted)
          .reduce((first, second) -> second)
          .ifPresent(m -> versions.add(m.version()));
    }
    traffic.forEach(m -> versions.add(m.version()));
    if (versions.isEmpty()) {
      log.warn(
          "{}: {} signal {} has no data to retrain on", model, signal.reason(), signal.cause());
      return Optional.empty();
    }
    Instant now = clock.instant();
    State claimed =
        state.update(
            s -> coolingDown(s, policy) ? s : new State(now, eventId, signal, versions, null));
    if (!eventId.equals(claimed.claimedBy())) {
      log.info(
          "{}: {} signal {} lost the race to {}",
          model,
          signal.reason(),
          signal.cause(),
          claimed.claimedBy());
      return Optional.empty();
    }
    log.info(
        "{}: retraining on {} ({} labelled production rows since {}) for {} signal {}",
        model,
        versions.size() == 1 ? "1 dataset" : versions.size() + " datasets",
        rows,
        signal.since(),
        signal.reason(),
        signal.cause());
    return Optional.of(request(model, signal, versions));
  }

  private static TrainingRequested request(String model, Signal signal, List<String> versions) {
    return new TrainingRequested(
        model,
        signal.reason(),
        signal.cause(),
        new DatasetSelection(DatasetSelection.Mode.versions, null, null, List.copyOf(versions)));
  }

  private boolean coolingDown(State state, RetrainingPolicy policy) {
    return state.lastClaimedAt() != null
        && clock.instant().isBefore(state.lastClaimedAt().plus(policy.cooldown()));
  }

  /** Labelled production traffic whose decisions were all made at or after {@code since}. */
  private static List<DatasetManifest> labelledTraffic(List<DatasetManifest> all, Instant since) {
    return all.stream()
        .filter(m -> m.origin() == Origin.feedback)
        .filter(m -> !(m.trafficFrom() != null ? m.trafficFrom() : m.createdAt()).isBefore(since))
        .toList();
  }

  private JsonDocument<State> state(String model) {
    return new JsonDocument<>(
        store, "state/train/" + model + "/retraining.json", State.class, () -> State.NONE);
  }
}
