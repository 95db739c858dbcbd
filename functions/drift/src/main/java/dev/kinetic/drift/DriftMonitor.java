package dev.kinetic.drift;

import dev.kinetic.contracts.data.DriftDetected;
import dev.kinetic.contracts.data.DriftDetected.FeatureDrift;
import dev.kinetic.contracts.data.FeedbackReceived;
import dev.kinetic.contracts.data.FeedbackReceived.GroundTruth;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.InferenceLogged.Decision;
import dev.kinetic.contracts.data.PerformanceDegraded;
import dev.kinetic.contracts.data.Window;
import dev.kinetic.platform.audit.AuditLog;
import dev.kinetic.platform.metrics.Metrics;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpec.DriftPolicy;
import dev.kinetic.platform.spec.ModelSpec.Metric;
import dev.kinetic.platform.store.JsonDocument;
import dev.kinetic.platform.store.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's live window, compared with its champion's baseline, and its rolling quality from
 * feedback.
 *
 * <p>State is kept at {@code state/drift/<model>.json} and written behind: rows are applied in
 * memory and the call answers at once; every {@code flushRows} rows (and on a timer, and at
 * shutdown) the rows since the last write are merged into the stored window by compare-and-set. A
 * crash loses at most the rows since the last write, that is fewer than {@code flushRows} rows or
 * {@code flushInterval} of traffic per replica. Because every replica merges its own new rows into
 * the one stored window, any number of replicas share one window: none needs to be pinned.
 *
 * <p>Drift is evaluated on the merged window after each write, once the window holds half its rows;
 * it is announced at most once per window's worth of new rows, so a drift that lasts is repeated
 * while it lasts, not on every batch.
 */
final class DriftMonitor {

  private static final Logger log = LoggerFactory.getLogger(DriftMonitor.class);
  private static final int REMEMBERED_EVENTS = 256;
  private static final int PREDICTED = 0;
  private static final int ACTUAL = 1;

  /** What is stored for a model. {@code alertedAt} is the row count at the last announcement. */
  record State(
      String baselineVersion,
      LiveWindow.Snapshot window,
      LiveWindow.Snapshot outcomes,
      long seen,
      long alertedAt,
      long outcomesSeen,
      long outcomesAlertedAt,
      List<String> events) {

    static State empty(String version) {
      return new State(version, null, null, 0, -1, 0, -1, List.of());
    }
  }

  /** A logged prediction waiting for its ground truth. */
  private record Logged(String version, float predicted) {}

  /** What one write of the window found. */
  record Findings(Optional<DriftDetected> drift, Optional<PerformanceDegraded> degraded) {
    static final Findings NONE = new Findings(Optional.empty(), Optional.empty());

    /** These findings and {@code later} ones: the later of each kind when both have one. */
    Findings then(Findings later) {
      return new Findings(later.drift.or(() -> drift), later.degraded.or(() -> degraded));
    }
  }

  private final String model;
  private final Baseline baseline;
  private final DriftPolicy policy;
  private final JsonDocument<State> document;
  private final AuditLog audit;
  private final Clock clock;
  private final int flushRows;
  private final LiveWindow pending;
  private final LiveWindow pendingOutcomes;
  private final Set<String> pendingEvents = new HashSet<>();
  private final Map<String, Logged> predictions;
  private JsonDocument.Versioned<State> stored;
  private LiveWindow window;
  private LiveWindow outcomes;

  DriftMonitor(Baseline baseline, ObjectStore store, Clock clock, int flushRows) {
    this.model = baseline.card().model();
    this.baseline = baseline;
    this.policy = baseline.card().spec().drift();
    this.document =
        new JsonDocument<>(
            store,
            "state/drift/" + model + ".json",
            State.class,
            () -> State.empty(baseline.version()));
    this.audit = new AuditLog(store);
    this.clock = clock;
    this.flushRows = Math.min(flushRows, policy.windowSize());
    int columns = baseline.columns().size();
    this.pending = new LiveWindow(columns, this.flushRows);
    this.pendingOutcomes = new LiveWindow(2, this.flushRows);
    int remembered = 4 * policy.windowSize();
    this.predictions =
        new LinkedHashMap<>(remembered, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Logged> eldest) {
            return size() > remembered;
          }
        };
    restore(document.readVersioned());
  }

  private void restore(JsonDocument.Versioned<State> state) {
    stored = state;
    State current = current(state.value());
    window = LiveWindow.of(current.window(), baseline.columns().size(), policy.windowSize());
    outcomes = LiveWindow.of(current.outcomes(), 2, policy.windowSize());
  }

  /** {@code state} if it is for this baseline, else an empty state for it. */
  private State current(State state) {
    return baseline.version().equals(state.baselineVersion())
        ? state
        : State.empty(baseline.version());
  }

  String baselineVersion() {
    return baseline.version();
  }

  /** Adds a batch of decisions; writes and evaluates when enough rows are waiting. */
  synchronized Findings observe(String eventId, InferenceLogged batch) {
    if (stored.value().events().contains(eventId) || !pendingEvents.add(eventId)) {
      log.debug("{}: batch {} already counted", model, eventId);
      return Findings.NONE;
    }
    Findings findings = Findings.NONE;
    int features = baseline.columns().size() - 1;
    List<ModelSpec.FeatureSpec> specs = baseline.card().spec().features();
    for (Decision decision : batch.decisions()) {
      if (pending.size() == pending.capacity()) {
        findings = findings.then(flush());
      }
      int slot = pending.append(decision.time().toEpochMilli());
      for (int f = 0; f < features; f++) {
        pending.set(f, slot, baseline.encode(f, decision.inputs().get(specs.get(f).name())));
      }
      float predicted = baseline.encode(decision.output());
      pending.set(baseline.predictionColumn(), slot, predicted);
      predictions.put(decision.requestId(), new Logged(batch.modelVersion(), predicted));
    }
    return pending.size() >= flushRows ? findings.then(flush()) : findings;
  }

  /** Joins ground truth with the logged predictions it labels. */
  synchronized Findings feedback(String eventId, FeedbackReceived feedback) {
    if (stored.value().events().contains(eventId) || !pendingEvents.add(eventId)) {
      return Findings.NONE;
    }
    Set<String> unknown = new HashSet<>();
    for (GroundTruth truth : feedback.labels()) {
      if (!predictions.containsKey(truth.requestId())) {
        unknown.add(truth.requestId());
      }
    }
    if (!unknown.isEmpty()) {
      LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
      audit
          .findAll(model, unknown, today, 2)
          .forEach(
              (id, record) ->
                  predictions.put(
                      id, new Logged(record.modelVersion(), baseline.encode(record.output()))));
    }
    int unmatched = 0;
    Findings findings = Findings.NONE;
    long now = clock.millis();
    for (GroundTruth truth : feedback.labels()) {
      Logged logged = predictions.get(truth.requestId());
      if (logged == null) {
        unmatched++;
        continue;
      }
      if (!logged.version().equals(baseline.version())) {
        continue; // judged a model that no longer serves
      }
      if (pendingOutcomes.size() == pendingOutcomes.capacity()) {
        findings = findings.then(flush());
      }
      float actual =
          truth.label() != null
              ? baseline.encode(baseline.predictionColumn(), truth.label())
              : baseline.encode(baseline.predictionColumn(), truth.value());
      if (Float.isNaN(actual)) {
        continue;
      }
      int slot = pendingOutcomes.append(now);
      pendingOutcomes.set(PREDICTED, slot, logged.predicted());
      pendingOutcomes.set(ACTUAL, slot, actual);
    }
    if (unmatched > 0) {
      log.warn(
          "{}: {} of {} labels match no decision in memory or in the audit log",
          model,
          unmatched,
          feedback.labels().size());
    }
    return pendingOutcomes.size() >= flushRows ? findings.then(flush()) : findings;
  }

  /** Whether rows or outcomes are waiting to be written. */
  synchronized boolean hasPending() {
    return pending.size() > 0 || pendingOutcomes.size() > 0 || !pendingEvents.isEmpty();
  }

  /**
   * Merges the waiting rows into the stored window, then evaluates the merged window. Called when
   * enough rows wait, on a timer, on a scheduled check and at shutdown.
   */
  synchronized Findings flush() {
    long sinceMillis = clock.millis() - policy.windowDuration().toMillis();
    Findings[] found = {Findings.NONE};
    JsonDocument.Versioned<State> known = stored;
    JsonDocument.Versioned<State> written =
        document.update(
            known,
            latest -> {
              State base = current(latest);
              // What this replica wrote last is already in memory: no need to decode it again.
              boolean ours = latest == known.value();
              LiveWindow merged =
                  ours
                      ? window
                      : LiveWindow.of(
                          base.window(), baseline.columns().size(), policy.windowSize());
              LiveWindow mergedOutcomes =
                  ours ? outcomes : LiveWindow.of(base.outcomes(), 2, policy.windowSize());
              if (!ours) {
                window = merged;
                outcomes = mergedOutcomes;
              }
              merged.appendAll(pending);
              mergedOutcomes.appendAll(pendingOutcomes);
              long seen = base.seen() + pending.size();
              long outcomesSeen = base.outcomesSeen() + pendingOutcomes.size();
              Optional<DriftDetected> drift =
                  base.alertedAt() < 0 || seen - base.alertedAt() >= policy.windowSize()
                      ? drift(merged, sinceMillis)
                      : Optional.empty();
              Optional<PerformanceDegraded> degraded =
                  base.outcomesAlertedAt() < 0
                          || outcomesSeen - base.outcomesAlertedAt() >= policy.windowSize()
                      ? degraded(mergedOutcomes, sinceMillis)
                      : Optional.empty();
              found[0] = new Findings(drift, degraded);
              List<String> events = new ArrayList<>(base.events());
              events.addAll(pendingEvents);
              return new State(
                  baseline.version(),
                  merged.snapshot(),
                  mergedOutcomes.snapshot(),
                  seen,
                  drift.isPresent() ? seen : base.alertedAt(),
                  outcomesSeen,
                  degraded.isPresent() ? outcomesSeen : base.outcomesAlertedAt(),
                  events.subList(Math.max(0, events.size() - REMEMBERED_EVENTS), events.size()));
            });
    pending.clear();
    pendingOutcomes.clear();
    pendingEvents.clear();
    stored = written;
    found[0]
        .drift()
        .ifPresent(
            d ->
                log.info(
                    "{}: drift, {} of features drifted: {}", model, d.driftedShare(), summary(d)));
    found[0]
        .degraded()
        .ifPresent(d -> log.info("{}: {} {} crossed {}", model, d.metric(), d.value(), d.floor()));
    return found[0];
  }

  /** The window's current comparison, whether or not it drifted; empty while it is too small. */
  synchronized Optional<DriftDetected> report() {
    LiveWindow merged =
        LiveWindow.of(window.snapshot(), baseline.columns().size(), policy.windowSize());
    merged.appendAll(pending);
    return comparison(merged, clock.millis() - policy.windowDuration().toMillis());
  }

  private Optional<DriftDetected> drift(LiveWindow merged, long sinceMillis) {
    return comparison(merged, sinceMillis)
        .filter(report -> report.driftedShare() >= report.shareThreshold());
  }

  private Optional<DriftDetected> comparison(LiveWindow merged, long sinceMillis) {
    int rows = merged.count(sinceMillis);
    if (rows < policy.windowSize() / 2) {
      return Optional.empty();
    }
    List<FeatureDrift> features = baseline.compare(merged, sinceMillis, policy);
    if (features.isEmpty()) {
      return Optional.empty();
    }
    long drifted = features.stream().filter(FeatureDrift::drifted).count();
    return Optional.of(
        new DriftDetected(
            model,
            baseline.version(),
            new Window(
                Instant.ofEpochMilli(merged.oldestSince(sinceMillis)),
                Instant.ofEpochMilli(merged.newest()),
                rows),
            (double) drifted / features.size(),
            policy.datasetShare(),
            features));
  }

  private Optional<PerformanceDegraded> degraded(LiveWindow merged, long sinceMillis) {
    DriftPolicy.PerformanceFloor floor = policy.performance();
    int rows = merged.count(sinceMillis);
    if (floor == null || rows < Math.max(2, policy.windowSize() / 4)) {
      return Optional.empty();
    }
    double[] predicted = merged.values(PREDICTED, sinceMillis);
    double[] actual = merged.values(ACTUAL, sinceMillis);
    int n = Math.min(predicted.length, actual.length);
    double value = quality(floor.metric(), predicted, actual, n);
    boolean worse = floor.metric().higherIsBetter() ? value < floor.floor() : value > floor.floor();
    if (!worse) {
      return Optional.empty();
    }
    return Optional.of(
        new PerformanceDegraded(
            model,
            baseline.version(),
            floor.metric().name(),
            value,
            floor.floor(),
            new Window(
                Instant.ofEpochMilli(merged.oldestSince(sinceMillis)),
                Instant.ofEpochMilli(merged.newest()),
                rows)));
  }

  /** The rolling quality over the outcome window: accuracy, macro-F1, RMSE or MAE. */
  private double quality(Metric metric, double[] predicted, double[] actual, int n) {
    return switch (metric) {
      case accuracy -> {
        int correct = 0;
        for (int i = 0; i < n; i++) {
          correct += predicted[i] == actual[i] ? 1 : 0;
        }
        yield (double) correct / n;
      }
      case macro_f1 -> {
        int k = baseline.columns().get(baseline.predictionColumn()).categories().size() + 1;
        long[] tp = new long[k];
        long[] predictedCount = new long[k];
        long[] actualCount = new long[k];
        for (int i = 0; i < n; i++) {
          predictedCount[(int) predicted[i]]++;
          actualCount[(int) actual[i]]++;
          tp[(int) actual[i]] += predicted[i] == actual[i] ? 1 : 0;
        }
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < k; c++) {
          if (predictedCount[c] + actualCount[c] > 0) {
            sum += 2.0 * tp[c] / (predictedCount[c] + actualCount[c]);
            classes++;
          }
        }
        yield classes == 0 ? 0 : sum / classes;
      }
      case r2 -> throw new IllegalStateException("r2 cannot be a performance floor");
      case rmse, mae -> {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
          values[i] = (float) predicted[i];
        }
        yield Metrics.regression(values, java.util.Arrays.copyOf(actual, n)).get(metric.name());
      }
    };
  }

  private static String summary(DriftDetected drift) {
    StringBuilder text = new StringBuilder();
    for (FeatureDrift feature : drift.features()) {
      text.append(
          String.format(
              " %s %s=%.3f%s",
              feature.feature(),
              feature.test(),
              feature.pValue() != null ? feature.pValue() : feature.statistic(),
              feature.drifted() ? "*" : ""));
    }
    return text.toString();
  }
}
