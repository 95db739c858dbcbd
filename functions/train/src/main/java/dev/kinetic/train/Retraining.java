package dev.kinetic.train;

import dev.kinetic.contracts.data.DatasetIngested.Origin;
import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.contracts.data.TrainingRequested.DatasetSelection;
import dev.kinetic.contracts.data.TrainingRequested.Reason;
import dev.kinetic.platform.UnprocessableException;
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

  /** What the policy has decided for one model. */
  record State(Instant lastClaimedAt, String claimedBy, Pending pending) {
    static final State NONE = new State(null, null, null);
  }

  /** A signal waiting for labelled rows. */
  record Pending(Reason reason, String cause, Instant since) {}

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
    ModelSpec spec = spec(model);
    RetrainingPolicy policy = spec.retraining();
    JsonDocument<State> state = state(model);
    State current = state.read();
    boolean redelivered = eventId.equals(current.claimedBy());
    if (!redelivered && coolingDown(current, policy)) {
      log.info(
          "{}: {} signal {} ignored; cooling down until {}",
          model,
          reason,
          eventId,
          current.lastClaimedAt().plus(policy.cooldown()));
      return Optional.empty();
    }
    List<DatasetManifest> traffic = labelledTraffic(model, since);
    long rows = traffic.stream().mapToLong(DatasetManifest::rows).sum();
    if (!redelivered && rows < policy.minNewLabelledRows()) {
      log.info(
          "{}: {} signal {} waits for labelled rows ({} of {} since {})",
          model,
          reason,
          eventId,
          rows,
          policy.minNewLabelledRows(),
          since);
      state.update(
          s ->
              s.pending() != null
                  ? s
                  : new State(
                      s.lastClaimedAt(), s.claimedBy(), new Pending(reason, eventId, since)));
      return Optional.empty();
    }
    Instant now = clock.instant();
    State claimed =
        state.update(
            s -> {
              if (eventId.equals(s.claimedBy())) {
                return s;
              }
              return coolingDown(s, policy) ? s : new State(now, eventId, null);
            });
    if (!eventId.equals(claimed.claimedBy())) {
      log.info("{}: {} signal {} lost the race to {}", model, reason, eventId, claimed.claimedBy());
      return Optional.empty();
    }
    List<String> versions = new ArrayList<>();
    if (policy.data() == RetrainingPolicy.RetrainingData.trafficAndIngested) {
      datasets.versions(model).stream()
          .filter(m -> m.origin() == Origin.submitted)
          .reduce((first, second) -> second)
          .ifPresent(m -> versions.add(m.version()));
    }
    traffic.forEach(m -> versions.add(m.version()));
    if (versions.isEmpty()) {
      log.warn("{}: {} signal {} has no data to retrain on", model, reason, eventId);
      return Optional.empty();
    }
    log.info(
        "{}: retraining on {} ({} labelled production rows since {}) for {} signal {}",
        model,
        versions.size() == 1 ? "1 dataset" : versions.size() + " datasets",
        rows,
        since,
        reason,
        eventId);
    return Optional.of(
        new TrainingRequested(
            model,
            reason,
            eventId,
            new DatasetSelection(DatasetSelection.Mode.versions, null, null, versions)));
  }

  /** Labelled production data arrived: starts the training a pending signal waited for. */
  Optional<TrainingRequested> onLabelledData(String model) {
    State current = state(model).read();
    if (current.pending() == null) {
      return Optional.empty();
    }
    Pending pending = current.pending();
    return onSignal(pending.cause(), model, pending.reason(), pending.since());
  }

  private boolean coolingDown(State state, RetrainingPolicy policy) {
    return state.lastClaimedAt() != null
        && clock.instant().isBefore(state.lastClaimedAt().plus(policy.cooldown()));
  }

  /** Labelled production traffic whose decisions were all made at or after {@code since}. */
  private List<DatasetManifest> labelledTraffic(String model, Instant since) {
    return datasets.versions(model).stream()
        .filter(m -> m.origin() == Origin.feedback)
        .filter(m -> !(m.trafficFrom() != null ? m.trafficFrom() : m.createdAt()).isBefore(since))
        .toList();
  }

  private JsonDocument<State> state(String model) {
    return new JsonDocument<>(
        store, "state/train/" + model + "/retraining.json", State.class, () -> State.NONE);
  }

  private ModelSpec spec(String model) {
    return specs
        .find(model)
        .orElseThrow(
            () ->
                new UnprocessableException(
                    "model",
                    "there is no model '" + model + "': no spec at specs/" + model + ".yaml"))
        .spec();
  }
}
