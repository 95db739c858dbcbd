package dev.kinetic.ingest;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.contracts.data.DatasetIngested.Origin;
import dev.kinetic.contracts.data.FeedbackReceived;
import dev.kinetic.contracts.data.FeedbackReceived.GroundTruth;
import dev.kinetic.platform.audit.AuditLog;
import dev.kinetic.platform.dataset.DatasetSource;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.WriteCondition;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ground truth into training data: each label of a {@code feedback.received} is joined by
 * request id with the inputs the audit log recorded for that decision, and the labelled rows are
 * ingested as a dataset version of origin {@code feedback}.
 *
 * <p>Feedback can arrive before its decisions reach the audit log (they travel in batches). While
 * the event is younger than {@code grace}, a label without its decision fails the call so the
 * broker redelivers it; publishing the same rows again is harmless, since a dataset version is its
 * content. After {@code grace}, the labels still unmatched are written to {@code
 * quarantine/<model>/<event-id>.unmatched.jsonl} and the rest is ingested.
 */
final class FeedbackJoin {

  private static final Logger log = LoggerFactory.getLogger(FeedbackJoin.class);

  private final Ingestion ingestion;
  private final ObjectStore store;
  private final SpecStore specs;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration grace;
  private final int days;

  /**
   * @param grace how long after the feedback's time a missing decision is waited for
   * @param days how many days of the audit log, back from today, a label's decision is looked for
   */
  FeedbackJoin(Ingestion ingestion, ObjectStore store, Clock clock, Duration grace, int days) {
    this.ingestion = ingestion;
    this.store = store;
    this.specs = new SpecStore(store);
    this.audit = new AuditLog(store);
    this.clock = clock;
    this.grace = grace;
    this.days = days;
  }

  /** Thrown while a labelled decision may still be on its way to the audit log. */
  static final class DecisionsNotLoggedYetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DecisionsNotLoggedYetException(String message) {
      super(message);
    }
  }

  /**
   * @param eventId the feedback event's id, naming its quarantine file
   * @param sent the feedback event's time, or {@code null} when it has none
   */
  DatasetIngested join(String eventId, Instant sent, FeedbackReceived feedback) {
    ModelSpec spec = specs.require(feedback.model()).spec();
    Set<String> ids = new LinkedHashSet<>();
    feedback.labels().forEach(truth -> ids.add(truth.requestId()));
    Map<String, AuditLog.Record> decisions =
        audit.findAll(spec.name(), ids, LocalDate.now(clock.withZone(ZoneOffset.UTC)), days);
    List<GroundTruth> unmatched =
        feedback.labels().stream()
            .filter(truth -> !decisions.containsKey(truth.requestId()))
            .toList();
    if (!unmatched.isEmpty()) {
      if (sent != null && clock.instant().isBefore(sent.plus(grace))) {
        throw new DecisionsNotLoggedYetException(
            unmatched.size()
                + " of "
                + feedback.labels().size()
                + " labelled decisions of "
                + spec.name()
                + " are not in the audit log yet (first: "
                + unmatched.getFirst().requestId()
                + "); retry");
      }
      quarantine(spec.name(), eventId, unmatched);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    Instant from = null;
    Instant to = null;
    for (GroundTruth truth : feedback.labels()) {
      AuditLog.Record decision = decisions.get(truth.requestId());
      if (decision != null) {
        from = from == null || decision.time().isBefore(from) ? decision.time() : from;
        to = to == null || decision.time().isAfter(to) ? decision.time() : to;
        Map<String, Object> row = new LinkedHashMap<>(decision.inputs());
        row.put(
            spec.label(),
            spec.task() == ModelSpec.Task.classification ? truth.label() : truth.value());
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      return new DatasetIngested(
          spec.name(), null, null, null, null, null, 0, unmatched.size(), false, Origin.feedback);
    }
    return ingestion.ingest(
        eventId,
        new DataSubmitted(spec.name(), null, rows, null, null),
        DatasetSource.traffic(from, to));
  }

  private void quarantine(String model, String eventId, List<GroundTruth> unmatched) {
    StringBuilder lines = new StringBuilder();
    for (GroundTruth truth : unmatched) {
      lines
          .append(
              Json.MAPPER.writeValueAsString(
                  Map.of(
                      "label",
                      truth,
                      "reason",
                      "no decision with this request id in the audit log")))
          .append('\n');
    }
    String key =
        "quarantine/"
            + model
            + "/"
            + eventId.replaceAll("[^A-Za-z0-9._-]", "_")
            + ".unmatched.jsonl";
    store.put(
        key,
        ObjectContent.of(lines.toString().getBytes(StandardCharsets.UTF_8)),
        WriteCondition.none());
    log.warn("{}: {} labels match no logged decision; kept in {}", model, unmatched.size(), key);
  }
}
