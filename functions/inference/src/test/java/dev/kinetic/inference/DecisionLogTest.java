package dev.kinetic.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.InferenceLogged.Decision;
import dev.kinetic.contracts.data.Prediction;
import dev.kinetic.inference.InferenceErrors.NotReadyException;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.WriteCondition;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DecisionLogTest {

  InMemoryObjectStore store = new InMemoryObjectStore();
  List<CloudEvent> sent = Collections.synchronizedList(new ArrayList<>());

  DecisionLog log(Consumer<CloudEvent> sink, int capacity) {
    return log(
        sink,
        store,
        new InferenceProperties.DecisionSettings(true, 1.0, 50, Duration.ofMillis(20), capacity));
  }

  static DecisionLog log(
      Consumer<CloudEvent> sink, ObjectStore store, InferenceProperties.DecisionSettings settings) {
    return new DecisionLog(
        EventTemplate.forFunction("inference", new EventValidator()),
        sink,
        store,
        settings,
        OpenTelemetry.noop().getMeter("test"));
  }

  static Decision decision(String requestId) {
    return new Decision(
        requestId,
        Instant.now(),
        Map.of("amount", 1.5, "channel", "pos"),
        Prediction.classified("legit", Map.of("legit", 0.9f, "fraud", 0.1f)),
        42);
  }

  /** Every batch that reached the sink or the spill, with repeats. */
  List<InferenceLogged> batches() {
    List<InferenceLogged> batches = new ArrayList<>();
    for (CloudEvent event : sent) {
      batches.add(Payloads.read(event, InferenceLogged.class));
    }
    for (var object : store.list("audit-spill/")) {
      batches.add(
          Json.MAPPER.readValue(
              store.get(object.key()).orElseThrow().readAllBytes(), InferenceLogged.class));
    }
    return batches;
  }

  /** Every request id that reached the sink or the spill, with repeats. */
  List<String> recorded() {
    return requestIds(batches());
  }

  /**
   * Every request id as the audit log keeps them: one copy of each batch, whether it came from the
   * sink, the spill or both, since both write it under its batch id.
   */
  List<String> keptByTheAuditLog() {
    Map<String, InferenceLogged> byId = new LinkedHashMap<>();
    batches().forEach(batch -> byId.put(batch.batchId(), batch));
    return requestIds(byId.values());
  }

  private static List<String> requestIds(Collection<InferenceLogged> batches) {
    return batches.stream()
        .flatMap(batch -> batch.decisions().stream())
        .map(Decision::requestId)
        .toList();
  }

  void recordConcurrently(DecisionLog log, int count) {
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<CompletableFuture<Void>> writers =
          IntStream.range(0, 4)
              .mapToObj(
                  w ->
                      CompletableFuture.runAsync(
                          () -> {
                            for (int i = w; i < count; i += 4) {
                              String id = "req-" + i;
                              log.record("fraud", "v1", () -> decision(id));
                            }
                          },
                          pool))
              .toList();
      writers.forEach(CompletableFuture::join);
    }
  }

  @Test
  void sendsEveryDecisionInBatchesPerModelVersion() {
    try (DecisionLog log = log(sent::add, 10_000)) {
      recordConcurrently(log, 1000);
    }

    assertThat(recorded()).hasSize(1000).doesNotHaveDuplicates();
    assertThat(store.list("audit-spill/")).isEmpty();
    for (CloudEvent event : sent) {
      InferenceLogged batch = Payloads.read(event, InferenceLogged.class);
      assertThat(batch.decisions()).hasSizeLessThanOrEqualTo(50);
      assertThat(event.getId()).isEqualTo(batch.batchId());
      assertThat(event.getExtension("modelversion")).isEqualTo("v1");
    }
  }

  @Test
  void sendsABatchAsSoonAsItIsFull() {
    assertSentBeforeTheInterval(50, 10_000);
  }

  @Test
  void sendsAFullQueueSmallerThanABatchAsSoonAsItIsFull() {
    assertSentBeforeTheInterval(50, 30);
  }

  /**
   * Records {@code min(batchSize, capacity)} decisions under a flush interval far longer than the
   * test, so that only the flusher being woken by a full batch or queue can send them in time.
   */
  void assertSentBeforeTheInterval(int batchSize, int capacity) {
    try (DecisionLog log =
        log(
            sent::add,
            store,
            new InferenceProperties.DecisionSettings(
                true, 1.0, batchSize, Duration.ofMinutes(10), capacity))) {
      int count = Math.min(batchSize, capacity);
      // Let the flusher start and park first, or it finds the records before it ever waits.
      await().pollDelay(Duration.ofMillis(200)).until(() -> true);
      IntStream.range(0, count).forEach(i -> log.record("fraud", "v1", () -> decision("req-" + i)));

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sent).hasSize(1));
      assertThat(recorded()).hasSize(count);
    }
  }

  @Test
  void spillsWhatTheSinkRefusesAndLosesNothing() {
    AtomicInteger calls = new AtomicInteger();
    Consumer<CloudEvent> flaky =
        event -> {
          if (calls.incrementAndGet() % 2 == 1) {
            throw new IllegalStateException("sink down");
          }
          sent.add(event);
        };
    try (DecisionLog log = log(flaky, 10_000)) {
      recordConcurrently(log, 1000);
    }

    assertThat(recorded()).hasSize(1000).doesNotHaveDuplicates();
    assertThat(store.list("audit-spill/fraud/")).isNotEmpty();
    assertThat(sent).isNotEmpty();
  }

  @Test
  void spillsABatchItsConsumersWouldRefuseRatherThanDropIt() {
    String tooLong = "r".repeat(300); // the catalog's ids are at most 256 characters
    try (DecisionLog log = log(sent::add, 10_000)) {
      log.record("fraud", "v1", () -> decision("req-1"));
      log.record("fraud", "v1", () -> decision(tooLong));
      log.record("fraud", "v1", () -> decision("req-2"));
    }

    assertThat(recorded()).containsExactlyInAnyOrder("req-1", tooLong, "req-2");
    assertThat(sent).isEmpty();
  }

  @Test
  void spillsTheOverflowOfAFullQueueWithoutBlocking() {
    Consumer<CloudEvent> slow =
        event -> {
          sleep();
          sent.add(event);
        };
    try (DecisionLog log = log(slow, 5)) {
      recordConcurrently(log, 500);
    }

    assertThat(recorded()).hasSize(500).doesNotHaveDuplicates();
    assertThat(store.list("audit-spill/")).isNotEmpty();
  }

  @Test
  void holdsAtMostTwiceItsCapacityWhenTheSinkHangs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Consumer<CloudEvent> hanging =
        event -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          sent.add(event);
        };
    int mostPending = 0;
    try (DecisionLog log = log(hanging, 10)) {
      for (int i = 0; i < 1000; i++) {
        String id = "req-" + i;
        log.record("fraud", "v1", () -> decision(id));
        mostPending = Math.max(mostPending, log.pending());
      }
      release.countDown();
    }

    assertThat(mostPending).isLessThanOrEqualTo(20);
    assertThat(recorded()).hasSize(1000).doesNotHaveDuplicates();
    assertThat(store.list("audit-spill/")).isNotEmpty();
  }

  @Test
  void keepsWhatItAcceptedAndRefusesTheRestWhileTheSinkAndTheStoreAreBothDown() {
    AtomicBoolean down = new AtomicBoolean(true);
    Outage outage;
    try (DecisionLog log =
        log(
            sinkDownWhile(down),
            storeDownWhile(down),
            new InferenceProperties.DecisionSettings(true, 1.0, 5, Duration.ofMillis(5), 10))) {
      outage = recordDuringAnOutage(log);
      down.set(false);
    }

    assertThat(outage.refused()).isNotEmpty().allMatch(message -> message.contains("store down"));
    assertThat(outage.mostPending()).isLessThanOrEqualTo(25); // two capacities and a batch
    assertThat(recorded()).containsExactlyInAnyOrderElementsOf(outage.accepted());
  }

  @Test
  void spillsAnOverflowBatchTheStoreTookAndThenTimedOutOnOnce() {
    AtomicBoolean down = new AtomicBoolean(true);
    // A store that writes each object and then times out, while it is down.
    ObjectStore timingOut =
        new ForwardingStore() {
          @Override
          public ObjectStore store() {
            return store;
          }

          @Override
          public String put(String key, ObjectContent content, WriteCondition condition) {
            String etag = store.put(key, content, condition);
            if (down.get()) {
              throw new IllegalStateException("store timed out");
            }
            return etag;
          }
        };
    Outage outage;
    try (DecisionLog log =
        log(
            sinkDownWhile(down),
            timingOut,
            new InferenceProperties.DecisionSettings(true, 1.0, 5, Duration.ofMillis(5), 10))) {
      outage = recordDuringAnOutage(log);
      down.set(false);
    }

    assertThat(store.list("audit-spill/")).isNotEmpty();
    assertThat(keptByTheAuditLog())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(outage.accepted());
  }

  /** The ids recorded, the messages of the refusals, and the most decisions pending at once. */
  record Outage(List<String> accepted, List<String> refused, int mostPending) {}

  /** Records 200 decisions, pausing every 20 for the flusher to try, and fail, meanwhile. */
  static Outage recordDuringAnOutage(DecisionLog log) {
    List<String> accepted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    int mostPending = 0;
    for (int i = 0; i < 200; i++) {
      String id = "req-" + i;
      try {
        log.record("fraud", "v1", () -> decision(id));
        accepted.add(id);
      } catch (NotReadyException e) {
        refused.add(e.getMessage());
      }
      mostPending = Math.max(mostPending, log.pending());
      if (i % 20 == 0) {
        sleep();
      }
    }
    return new Outage(accepted, refused, mostPending);
  }

  /** A sink that refuses every event while {@code down} is set, and keeps them in {@link #sent}. */
  Consumer<CloudEvent> sinkDownWhile(AtomicBoolean down) {
    return event -> {
      if (down.get()) {
        throw new IllegalStateException("sink down");
      }
      sent.add(event);
    };
  }

  /** The test's store, refusing every write while {@code down} is set. */
  ObjectStore storeDownWhile(AtomicBoolean down) {
    return new ForwardingStore() {
      @Override
      public ObjectStore store() {
        return store;
      }

      @Override
      public String put(String key, ObjectContent content, WriteCondition condition) {
        if (down.get()) {
          throw new IllegalStateException("store down");
        }
        return store.put(key, content, condition);
      }
    };
  }

  @Test
  void triesABatchNeitherTookAgainUnderItsOwnId() {
    AtomicBoolean down = new AtomicBoolean(true);
    // A sink that takes the event and then times out, while it is down.
    Consumer<CloudEvent> sink =
        event -> {
          sent.add(event);
          if (down.get()) {
            throw new IllegalStateException("timed out");
          }
        };
    try (DecisionLog log =
        log(
            sink,
            storeDownWhile(down),
            new InferenceProperties.DecisionSettings(true, 1.0, 5, Duration.ofMillis(5), 100))) {
      IntStream.range(0, 5).forEach(i -> log.record("fraud", "v1", () -> decision("req-" + i)));
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() >= 3);
      down.set(false);
    }

    // Every try carried the same id, so the broker and the audit function keep one copy.
    assertThat(sent.stream().map(CloudEvent::getId).distinct()).hasSize(1);
    assertThat(Payloads.read(sent.getLast(), InferenceLogged.class).decisions()).hasSize(5);
  }

  @Test
  void recordsASampleWhenAsked() {
    try (DecisionLog log =
        log(
            sent::add,
            store,
            new InferenceProperties.DecisionSettings(true, 0.0, 50, Duration.ofMillis(20), 100))) {
      recordConcurrently(log, 100);
    }

    assertThat(recorded()).isEmpty();
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void closingSendsWhatIsQueuedFromAThreadThatIsNotInterrupted() {
    // As the JDK HTTP client and the S3 client do, this sink gives up on an interrupted thread.
    Consumer<CloudEvent> sink =
        event -> {
          if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted");
          }
          sent.add(event);
        };
    DecisionLog log =
        log(
            sink,
            store,
            new InferenceProperties.DecisionSettings(true, 1.0, 50, Duration.ofSeconds(10), 100));

    log.record("fraud", "v1", () -> decision("last-words"));
    log.close();

    assertThat(recorded()).containsExactly("last-words");
    assertThat(store.list("audit-spill/")).isEmpty();
  }
}
