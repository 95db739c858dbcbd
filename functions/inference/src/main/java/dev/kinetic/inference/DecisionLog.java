package dev.kinetic.inference;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.InvalidEventException;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.InferenceLogged.Decision;
import dev.kinetic.inference.InferenceErrors.NotReadyException;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.telemetry.TelemetryAttributes;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every decision (or a sample) as a record in batched {@code inference.logged} events. Recording is
 * one add to a bounded queue; when the queue is full the record waits in an overflow that goes
 * straight to the store. Only when the overflow is full as well, because neither the sink nor the
 * store keeps up, does a request write the overflow to the store itself: requests then slow down to
 * the store's pace, and memory stays bounded. A background thread sends a batch per model version
 * when it reaches {@code batchSize} records or {@code flushInterval} has passed; a batch the sink
 * refuses after its retries is written to {@code audit-spill/<model>/<batch-id>.json}, which the
 * audit function reads too. While the store fails as well, what was recorded waits in memory and
 * the flusher tries again each interval; a request that finds the overflow full is refused (503)
 * instead of recorded, so memory stays bounded and no decision that was answered is lost. Closing
 * flushes what is left, so a SIGTERM loses nothing unless both are down then.
 */
final class DecisionLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);
  private static final AttributeKey<String> OUTCOME = TelemetryAttributes.OUTCOME;

  /** One decision and the model version that made it. */
  record Entry(String model, String version, Decision decision) {}

  private final EventTemplate template;
  private final Consumer<CloudEvent> sink;
  private final ObjectStore store;
  private final InferenceProperties.DecisionSettings settings;

  /** Bounded by {@link #queued}, counted apart so that recording never takes a lock. */
  private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();

  private final AtomicInteger queued = new AtomicInteger();
  private final Queue<Entry> overflow = new ConcurrentLinkedQueue<>();

  /** Batches that neither the sink nor the store took, counted in {@link #queued}. */
  private final Queue<InferenceLogged> unsaved = new ConcurrentLinkedQueue<>();

  private final AtomicInteger overflowSize = new AtomicInteger();

  /** Overflow batches the store refused, counted in {@link #overflowSize}; guarded by this. */
  private final Queue<InferenceLogged> unspilled = new ArrayDeque<>();

  /** How many queued records make the flusher send: a batch, or a full queue if it is smaller. */
  private final int sendAt;

  private final LongCounter records;
  private final Thread flusher;
  private volatile boolean closed;

  DecisionLog(
      EventTemplate template,
      Consumer<CloudEvent> sink,
      ObjectStore store,
      InferenceProperties.DecisionSettings settings,
      Meter meter) {
    this.template = template;
    this.sink = sink;
    this.store = store;
    this.settings = settings;
    this.sendAt = Math.min(settings.batchSize(), settings.capacity());
    this.records =
        meter
            .counterBuilder("kinetic.inference.decisions")
            .setDescription("Decision records by outcome: sent, failed (then spilled), spilled")
            .build();
    meter
        .gaugeBuilder("kinetic.inference.decisions.queue")
        .ofLongs()
        .setDescription("Decision records waiting to be sent")
        .buildWithCallback(gauge -> gauge.record(pending()));
    this.flusher = Thread.ofPlatform().daemon().name("decision-log").start(this::run);
  }

  /** Whether decisions are recorded at all; when not, there is no need to build them. */
  boolean enabled() {
    return settings.enabled();
  }

  /**
   * Records one decision, sampled; returns at once. The decision is built only if it is recorded,
   * so a request whose decision is sampled out pays nothing for it.
   */
  void record(String model, String version, Supplier<Decision> decision) {
    if (!settings.enabled()
        || closed
        || (settings.sampleRate() < 1
            && ThreadLocalRandom.current().nextDouble() >= settings.sampleRate())) {
      return;
    }
    Entry entry = new Entry(model, version, decision.get());
    int position = queued.incrementAndGet();
    if (position <= settings.capacity()) {
      queue.add(entry);
      if (position == sendAt) {
        LockSupport.unpark(flusher);
      }
      return;
    }
    queued.decrementAndGet();
    if (overflowSize.incrementAndGet() > settings.capacity()) {
      // The sink and the spill are both behind: write the overflow out here rather than hold
      // more in memory than twice the capacity.
      try {
        spillOverflow();
      } catch (NotReadyException e) {
        overflowSize.decrementAndGet();
        throw e;
      }
    }
    overflow.add(entry);
  }

  /** Decisions recorded and not yet sent or spilled. */
  int pending() {
    return queued.get() + overflowSize.get();
  }

  private void run() {
    long interval = settings.flushInterval().toNanos();
    boolean failing = false;
    // Only the JVM's own shutdown interrupts it; close() unparks it instead.
    while (!closed && !Thread.currentThread().isInterrupted()) {
      long deadline = System.nanoTime() + interval;
      // Parked until a batch is full (record() wakes it) or the interval is over: waking for
      // every record cost a thread switch per request, 3–4 µs of CPU each. While the sink and
      // the store both fail, it waits the whole interval before it tries again.
      for (long left = interval;
          (failing || queued.get() < sendAt) && !closed && left > 0;
          left = deadline - System.nanoTime()) {
        LockSupport.parkNanos(this, left);
      }
      try {
        failing = !sendUnsaved() || !send(drain(settings.batchSize()));
        spillOverflow();
      } catch (NotReadyException e) {
        failing = true;
        log.warn("the decision log keeps {} decisions in memory: {}", pending(), e.getMessage());
      } catch (RuntimeException e) {
        log.error("the decision log's flusher failed; it goes on", e);
      }
    }
  }

  /** Takes up to {@code limit} queued entries. */
  private List<Entry> drain(int limit) {
    List<Entry> entries = new ArrayList<>(Math.min(limit, queued.get()));
    for (Entry entry; entries.size() < limit && (entry = queue.poll()) != null; ) {
      queued.decrementAndGet();
      entries.add(entry);
    }
    return entries;
  }

  /**
   * Sends everything queued now; what cannot be sent is spilled, and what cannot be spilled either
   * stays {@link #pending}.
   *
   * @throws NotReadyException if the overflow could not be spilled
   */
  void flush() {
    if (sendUnsaved()) {
      for (List<Entry> batch = drain(settings.batchSize());
          !batch.isEmpty() && send(batch);
          batch = drain(settings.batchSize())) {
        // sent or spilled
      }
    }
    spillOverflow();
  }

  /** Sends {@code entries} in batches; returns whether every batch was sent or spilled. */
  private boolean send(List<Entry> entries) {
    boolean saved = true;
    for (InferenceLogged batch : batches(entries)) {
      saved &= send(batch);
    }
    return saved;
  }

  /**
   * Sends {@code batch}, or spills it if the sink refuses it. If the store refuses it too, it waits
   * in {@link #unsaved}, to be tried again whole: under the same id, so that if the sink did take
   * it after all (a time-out after it accepted), the copy that follows is recognised as one.
   */
  private boolean send(InferenceLogged batch) {
    int size = batch.decisions().size();
    try {
      sink.accept(
          template.validated(
              template
                  .builder(batch)
                  .withId(batch.batchId())
                  .withExtension(Extensions.MODEL_VERSION, batch.modelVersion())
                  .build()));
      records.add(size, Attributes.of(OUTCOME, "sent"));
      return true;
    } catch (InvalidEventException e) {
      // Its consumers would refuse the event, but the decisions were made: the audit function
      // takes them from the spill, which it reads without the event's schema.
      records.add(size, Attributes.of(OUTCOME, "failed"));
      log.error("{} decisions make an invalid event; spilling them: {}", size, e.getMessage());
    } catch (RuntimeException e) {
      records.add(size, Attributes.of(OUTCOME, "failed"));
      log.warn("sending {} decisions failed ({}); spilling them", size, e.getMessage());
    }
    try {
      spill(batch);
      return true;
    } catch (RuntimeException e) {
      log.error("spilling {} decisions failed too ({}); they wait in memory", size, e.getMessage());
      queued.addAndGet(size);
      unsaved.add(batch);
      return false;
    }
  }

  /** Tries the batches that wait in memory again; returns whether none is left. */
  private boolean sendUnsaved() {
    for (InferenceLogged batch = unsaved.poll(); batch != null; batch = unsaved.poll()) {
      queued.addAndGet(-batch.decisions().size());
      if (!send(batch)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the overflow to the store. One thread at a time, and the overflow counts its entries
   * until they are written: while the store fails, requests that find the overflow full wait here
   * and are refused, rather than add to it. A batch the store refused waits whole in {@link
   * #unspilled} and is written again under the same key: if the store had written it after all (a
   * time-out after it accepted), the next write replaces it rather than make a second copy.
   *
   * @throws NotReadyException if the store fails, with the overflow kept in memory
   */
  private synchronized void spillOverflow() {
    List<Entry> entries = new ArrayList<>();
    for (Entry entry = overflow.poll(); entry != null; entry = overflow.poll()) {
      entries.add(entry);
    }
    unspilled.addAll(batches(entries));
    for (InferenceLogged batch = unspilled.peek(); batch != null; batch = unspilled.peek()) {
      try {
        spill(batch);
      } catch (RuntimeException e) {
        throw new NotReadyException(
            "decisions can be neither sent nor spilled to the store ("
                + e.getMessage()
                + "); try again");
      }
      unspilled.remove();
      overflowSize.addAndGet(-batch.decisions().size());
    }
  }

  private void spill(InferenceLogged batch) {
    store.put(
        "audit-spill/" + batch.model() + "/" + batch.batchId() + ".json",
        Json.MAPPER.writeValueAsBytes(batch));
    records.add(batch.decisions().size(), Attributes.of(OUTCOME, "spilled"));
  }

  /** Entries grouped per model version, at most {@code batchSize} decisions each. */
  private List<InferenceLogged> batches(List<Entry> entries) {
    Map<List<String>, List<Decision>> byVersion = new LinkedHashMap<>();
    for (Entry entry : entries) {
      byVersion
          .computeIfAbsent(List.of(entry.model(), entry.version()), key -> new ArrayList<>())
          .add(entry.decision());
    }
    List<InferenceLogged> batches = new ArrayList<>();
    byVersion.forEach(
        (key, decisions) -> {
          for (int from = 0; from < decisions.size(); from += settings.batchSize()) {
            List<Decision> part =
                decisions.subList(from, Math.min(decisions.size(), from + settings.batchSize()));
            batches.add(
                new InferenceLogged(
                    key.get(0), key.get(1), UUID.randomUUID().toString(), List.copyOf(part)));
          }
        });
    return batches;
  }

  @Override
  public void close() {
    closed = true;
    // Unparked, never interrupted: an interrupted thread can neither send (the HTTP client gives
    // up) nor spill (the S3 client does too), and the last decisions would be lost.
    LockSupport.unpark(flusher);
    try {
      // Long enough for a batch in flight to be sent, or to fail and be spilled.
      flusher.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      flush();
    } catch (NotReadyException e) {
      // counted below
    }
    if (pending() > 0) {
      log.error("{} decisions are lost: neither the sink nor the store took them", pending());
    }
  }
}
