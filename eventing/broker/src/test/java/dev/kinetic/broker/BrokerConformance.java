package dev.kinetic.broker;

import static dev.kinetic.broker.Subscribers.Answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import dev.kinetic.contracts.fixtures.InvalidEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Knative Broker semantics, written once and run against each event log: filters, delivery with
 * retries and dead letters, replies and the TTL guard, ordering, and ingress answers. Everything
 * crosses real HTTP on loopback.
 */
abstract class BrokerConformance {

  protected static final String NAMESPACE = "kinetic";
  private static final Duration WAIT = Duration.ofSeconds(20);

  protected Subscribers subscribers;
  protected Broker broker;
  protected BrokerServer ingress;
  protected URI ingressUri;

  /** A fresh, empty log for a broker of this name. */
  protected abstract EventLog newLog(String broker);

  @BeforeEach
  void startSubscribers() throws IOException {
    subscribers = new Subscribers();
  }

  @AfterEach
  void stopEverything() {
    if (ingress != null) {
      ingress.close();
    }
    if (broker != null) {
      broker.close();
    }
    subscribers.close();
  }

  protected Broker start(DeliverySpec defaults, Trigger... triggers) throws IOException {
    return start(builder -> builder.delivery(defaults), triggers);
  }

  /**
   * Starts a broker with {@code triggers}, set up further by {@code configure}, and its ingress.
   */
  protected Broker start(Consumer<Broker.Builder> configure, Trigger... triggers)
      throws IOException {
    String name = "b-" + UUID.randomUUID().toString().substring(0, 8);
    Broker.Builder builder =
        Broker.builder(NAMESPACE, name).eventLog(newLog(name)).validator(new EventValidator(4096));
    configure.accept(builder);
    for (Trigger trigger : triggers) {
      builder.trigger(trigger);
    }
    broker = builder.build().start();
    ingress = BrokerServer.start(new InetSocketAddress("127.0.0.1", 0), List.of(broker));
    ingressUri = ingress.uriOf(broker);
    return broker;
  }

  protected Broker start(Trigger... triggers) throws IOException {
    return start(DeliverySpec.NONE, triggers);
  }

  protected void send(CloudEvent event) {
    assertThat(Events.post(ingressUri, event, HttpCodec.Mode.BINARY).statusCode()).isEqualTo(202);
  }

  private Trigger trigger(String name, TriggerFilter filter) {
    return Trigger.to(name, subscribers.uri(name), filter);
  }

  @Test
  void acceptsBinaryAndStructuredEventsAndDeliversThemInBinaryWithPreferReply() throws IOException {
    start(trigger("all", TriggerFilter.ALL_EVENTS));
    CloudEvent binary = Events.of(EventType.MODEL_TRAINED, "binary-1");
    CloudEvent structured = Events.of(EventType.MODEL_TRAINED, "structured-1");

    assertThat(Events.post(ingressUri, binary, HttpCodec.Mode.BINARY).statusCode()).isEqualTo(202);
    assertThat(Events.post(ingressUri, structured, HttpCodec.Mode.STRUCTURED).statusCode())
        .isEqualTo(202);

    await().atMost(WAIT).until(() -> subscribers.at("all").size() == 2);
    assertThat(subscribers.idsAt("all")).containsExactlyInAnyOrder("binary-1", "structured-1");
    Subscribers.Received first = subscribers.at("all").getFirst();
    assertThat(first.headers()).containsEntry("Prefer", List.of("reply")).containsKey("Ce-id");
    assertThat(first.event().getExtension(Broker.TTL).toString()).isEqualTo("255");
    assertThat(first.event().getData().toBytes()).isEqualTo(binary.getData().toBytes());
  }

  @Test
  void deliversToEachTriggerExactlyWhatItsFiltersSelect() throws IOException {
    TriggerFilter isTrained = TriggerFilter.exact(Map.of("type", EventType.MODEL_TRAINED.type()));
    start(
        trigger("exact", isTrained),
        trigger(
            "legacy",
            TriggerFilter.attributes(
                Map.of("type", EventType.MODEL_TRAINED.type(), "model", "fraud"))),
        trigger("prefix", TriggerFilter.prefix(Map.of("type", "dev.kinetic.model."))),
        trigger("suffix", TriggerFilter.suffix(Map.of("source", "/registry"))),
        trigger("extension", TriggerFilter.exact(Map.of("modelversion", "v3"))),
        trigger(
            "not", TriggerFilter.not(TriggerFilter.prefix(Map.of("type", "dev.kinetic.model.")))),
        trigger(
            "any",
            TriggerFilter.any(
                List.of(
                    TriggerFilter.exact(Map.of("type", EventType.DRIFT_DETECTED.type())),
                    TriggerFilter.exact(Map.of("type", EventType.PERFORMANCE_DEGRADED.type()))))),
        trigger(
            "nested",
            TriggerFilter.all(
                List.of(
                    TriggerFilter.prefix(Map.of("type", "dev.kinetic.")),
                    TriggerFilter.not(
                        TriggerFilter.any(
                            List.of(
                                TriggerFilter.suffix(Map.of("type", ".promoted.v1")),
                                TriggerFilter.suffix(Map.of("type", ".rejected.v1"))))),
                    TriggerFilter.exact(Map.of("modelversion", "v3"))))),
        trigger("absent-attribute", TriggerFilter.exact(Map.of("nosuchextension", "x"))));

    for (EventType type :
        List.of(
            EventType.MODEL_TRAINED,
            EventType.MODEL_PROMOTED,
            EventType.MODEL_REJECTED,
            EventType.DRIFT_DETECTED,
            EventType.PERFORMANCE_DEGRADED,
            EventType.DATA_SUBMITTED)) {
      send(Events.of(type, type.name()));
    }

    Map<String, List<String>> expected =
        Map.of(
            "exact", List.of("MODEL_TRAINED"),
            "legacy", List.of("MODEL_TRAINED"),
            "prefix", List.of("MODEL_TRAINED", "MODEL_PROMOTED", "MODEL_REJECTED"),
            "suffix", List.of("MODEL_PROMOTED", "MODEL_REJECTED"),
            "extension",
                List.of(
                    "MODEL_TRAINED",
                    "MODEL_PROMOTED",
                    "MODEL_REJECTED",
                    "DRIFT_DETECTED",
                    "PERFORMANCE_DEGRADED"),
            "not", List.of("DRIFT_DETECTED", "PERFORMANCE_DEGRADED", "DATA_SUBMITTED"),
            "any", List.of("DRIFT_DETECTED", "PERFORMANCE_DEGRADED"),
            "nested", List.of("MODEL_TRAINED", "DRIFT_DETECTED", "PERFORMANCE_DEGRADED"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                expected.forEach(
                    (path, ids) ->
                        assertThat(subscribers.idsAt(path))
                            .as(path)
                            .containsExactlyInAnyOrderElementsOf(ids)));
    // Nothing more arrives after the expected ones.
    Subscribers.pause(Duration.ofMillis(300));
    expected.forEach(
        (path, ids) -> assertThat(subscribers.idsAt(path)).as(path).hasSameSizeAs(ids));
    assertThat(subscribers.at("absent-attribute")).isEmpty();
  }

  @Test
  void aBrokerClosedDuringABackoffAbandonsTheDeliveryWithoutDeadLetteringIt() throws Exception {
    subscribers.answer("down", (event, n) -> Answer.status(503, "restarting"));
    Broker closing =
        start(
            trigger("down", TriggerFilter.ALL_EVENTS)
                .withDelivery(
                    new DeliverySpec(
                        5,
                        DeliverySpec.BackoffPolicy.LINEAR,
                        Duration.ofMinutes(10),
                        Duration.ofSeconds(5),
                        subscribers.uri("dls"))));
    send(Events.of(EventType.MODEL_TRAINED, "closing-1"));
    await().atMost(WAIT).until(() -> subscribers.at("down").size() == 1);

    long start = System.nanoTime();
    closing.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("close does not wait out a 10-minute backoff")
        .isLessThan(Duration.ofSeconds(30));
    assertThat(subscribers.at("down")).as("no attempt after close").hasSize(1);
    assertThat(subscribers.at("dls")).as("abandoned, not given up").isEmpty();
    assertThat(closing.stats().get("down").dropped()).isZero();
    assertThat(closing.stats().get("down").deadLettered()).isZero();
  }

  @Test
  void retriesWithLinearBackoffThenDeadLettersWithTheErrorExtensions() throws IOException {
    Duration delay = Duration.ofMillis(100);
    subscribers.answer("flaky", (event, n) -> Answer.status(503, "model store unavailable"));
    start(
        trigger("flaky", TriggerFilter.ALL_EVENTS)
            .withDelivery(
                new DeliverySpec(
                    3,
                    DeliverySpec.BackoffPolicy.LINEAR,
                    delay,
                    Duration.ofSeconds(5),
                    subscribers.uri("dls"))));

    send(Events.of(EventType.MODEL_TRAINED, "retry-1"));

    await().atMost(WAIT).until(() -> subscribers.at("dls").size() == 1);
    assertThat(subscribers.at("flaky")).hasSize(4);
    assertGaps(
        subscribers.at("flaky"), List.of(delay, delay.multipliedBy(2), delay.multipliedBy(3)));
    CloudEvent deadLetter = subscribers.at("dls").getFirst().event();
    assertThat(deadLetter.getId()).isEqualTo("retry-1");
    assertThat(deadLetter.getExtension(Delivery.ERROR_DEST))
        .hasToString(subscribers.uri("flaky").toString());
    assertThat(deadLetter.getExtension(Delivery.ERROR_CODE)).hasToString("503");
    assertThat(
            new String(
                Base64.getDecoder().decode(deadLetter.getExtension(Delivery.ERROR_DATA).toString()),
                StandardCharsets.UTF_8))
        .isEqualTo("model store unavailable");
    // counted once the dead-letter sink has answered, which is after it has the event
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(broker.stats().get("flaky"))
                    .isEqualTo(new TriggerStats.Snapshot(0, 3, 1, 0)));
  }

  @Test
  void retriesWithExponentialBackoffUntilTheSubscriberRecovers() throws IOException {
    Duration delay = Duration.ofMillis(100);
    subscribers.answer(
        "recovering", (event, n) -> n < 4 ? Answer.status(500, "warming up") : Answer.accepted());
    start(
        DeliverySpec.NONE,
        trigger("recovering", TriggerFilter.ALL_EVENTS)
            .withDelivery(
                new DeliverySpec(
                    5,
                    DeliverySpec.BackoffPolicy.EXPONENTIAL,
                    delay,
                    Duration.ofSeconds(5),
                    subscribers.uri("dls"))));

    send(Events.of(EventType.MODEL_TRAINED, "exp-1"));

    await().atMost(WAIT).until(() -> broker.stats().get("recovering").delivered() == 1);
    assertThat(subscribers.at("recovering")).hasSize(4);
    assertGaps(
        subscribers.at("recovering"), List.of(delay, delay.multipliedBy(2), delay.multipliedBy(4)));
    assertThat(subscribers.at("dls")).isEmpty();
  }

  @Test
  void deadLettersAtOnceOnANonRetryableAnswer() throws IOException {
    subscribers.answer(
        "strict", (event, n) -> Answer.status(400, "{\"error\":\"no such feature\"}"));
    start(
        new DeliverySpec(
            5,
            DeliverySpec.BackoffPolicy.LINEAR,
            Duration.ofMillis(50),
            null,
            subscribers.uri("dls")),
        trigger("strict", TriggerFilter.ALL_EVENTS));

    send(Events.of(EventType.MODEL_TRAINED, "bad-1"));

    await().atMost(WAIT).until(() -> subscribers.at("dls").size() == 1);
    assertThat(subscribers.at("strict")).hasSize(1);
    assertThat(subscribers.at("dls").getFirst().event().getExtension(Delivery.ERROR_CODE))
        .hasToString("400");
  }

  @Test
  void retriesAnswersThatAreRetryableByKnativeRules() throws IOException {
    for (int status : List.of(404, 408, 409, 429)) {
      subscribers.answer(
          "s" + status, (event, n) -> n == 1 ? Answer.status(status, "") : Answer.accepted());
    }
    DeliverySpec once =
        new DeliverySpec(1, DeliverySpec.BackoffPolicy.LINEAR, Duration.ofMillis(10), null, null);
    start(
        once,
        trigger("s404", TriggerFilter.ALL_EVENTS),
        trigger("s408", TriggerFilter.ALL_EVENTS),
        trigger("s409", TriggerFilter.ALL_EVENTS),
        trigger("s429", TriggerFilter.ALL_EVENTS));

    send(Events.of(EventType.MODEL_TRAINED));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                broker
                    .stats()
                    .values()
                    .forEach(
                        stats ->
                            assertThat(stats).isEqualTo(new TriggerStats.Snapshot(1, 1, 0, 0))));
  }

  @Test
  void aDeliveryWithNoDeadLetterSinkIsDroppedVisibly() throws IOException {
    subscribers.answer("down", (event, n) -> Answer.status(500, ""));
    start(trigger("down", TriggerFilter.ALL_EVENTS));

    send(Events.of(EventType.MODEL_TRAINED));

    await().atMost(WAIT).until(() -> broker.stats().get("down").dropped() == 1);
    assertThat(subscribers.at("down")).hasSize(1);
  }

  @Test
  void repliesReEnterTheBrokerOneTtlLower() throws IOException {
    CloudEvent promoted = Events.of(EventType.MODEL_PROMOTED, "reply-1");
    subscribers.answer("registry", (event, n) -> Answer.reply(promoted));
    start(
        trigger("registry", TriggerFilter.exact(Map.of("type", EventType.MODEL_TRAINED.type()))),
        trigger("inference", TriggerFilter.exact(Map.of("type", EventType.MODEL_PROMOTED.type()))));

    send(Events.of(EventType.MODEL_TRAINED, "trained-1"));

    await().atMost(WAIT).until(() -> subscribers.at("inference").size() == 1);
    CloudEvent delivered = subscribers.at("inference").getFirst().event();
    assertThat(delivered.getId()).isEqualTo("reply-1");
    assertThat(delivered.getExtension(Broker.TTL)).hasToString("254");
  }

  @Test
  void theTtlGuardStopsAReplyLoop() throws IOException {
    subscribers.answer("echo", (event, n) -> Answer.reply(Events.of(EventType.MODEL_TRAINED)));
    start(trigger("echo", TriggerFilter.exact(Map.of("type", EventType.MODEL_TRAINED.type()))));

    send(
        CloudEventBuilder.from(Events.of(EventType.MODEL_TRAINED))
            .withExtension(Broker.TTL, 5)
            .build());

    await().atMost(WAIT).until(() -> broker.stats().get("echo").dropped() == 1);
    Subscribers.pause(Duration.ofMillis(300));
    assertThat(subscribers.at("echo")).hasSize(5);
    assertThat(subscribers.at("echo"))
        .extracting(r -> r.event().getExtension(Broker.TTL).toString())
        .containsExactly("5", "4", "3", "2", "1");
  }

  @Test
  void aReplyThatIsNotACloudEventIsAFailedDelivery() throws IOException {
    subscribers.answer("chatty", (event, n) -> Answer.status(200, "{\"ok\":true}"));
    start(
        trigger("chatty", TriggerFilter.ALL_EVENTS)
            .withDelivery(
                new DeliverySpec(
                    1,
                    DeliverySpec.BackoffPolicy.LINEAR,
                    Duration.ofMillis(10),
                    null,
                    subscribers.uri("dls"))));

    send(Events.of(EventType.MODEL_TRAINED));

    await().atMost(WAIT).until(() -> subscribers.at("dls").size() == 1);
    assertThat(subscribers.at("chatty")).hasSize(2);
    assertThat(subscribers.at("dls").getFirst().event().getExtension(Delivery.ERROR_CODE))
        .hasToString("502");
  }

  @Test
  void anOrderedTriggerDeliversEachPartitionKeyInOrder() throws IOException {
    subscribers.answer(
        "ordered",
        (event, n) -> {
          Subscribers.pause(Duration.ofMillis(event.getId().hashCode() % 3 == 0 ? 15 : 1));
          return Answer.accepted();
        });
    start(trigger("ordered", TriggerFilter.ALL_EVENTS).inOrder());
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      for (String model : List.of("fraud", "churn")) {
        String id = model + "-" + i;
        sent.add(id);
        send(Events.keyed(EventType.MODEL_TRAINED, id, model));
      }
    }

    await().atMost(WAIT).until(() -> subscribers.at("ordered").size() == sent.size());
    for (String model : List.of("fraud", "churn")) {
      assertThat(subscribers.idsAt("ordered").stream().filter(id -> id.startsWith(model)))
          .containsExactlyElementsOf(sent.stream().filter(id -> id.startsWith(model)).toList());
    }
  }

  @Test
  void ingressNamesWhatIsWrongWithAnInvalidEvent() throws IOException {
    start(trigger("all", TriggerFilter.ALL_EVENTS));
    HttpMessage unknownType =
        InvalidEvents.all().stream()
            .filter(e -> e.name().equals("unknown type"))
            .findFirst()
            .orElseThrow()
            .message();

    HttpResponse<String> answer = Events.post(ingressUri, unknownType);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(
            Json.MAPPER
                .readTree(answer.body())
                .path("violations")
                .path(0)
                .path("location")
                .asString())
        .isEqualTo("type");
    assertThat(answer.body()).contains("unknown event type 'dev.kinetic.nonsense.v1'");
  }

  @Test
  void takesAFieldANewerKineticProducerAddedAndDeliversItUnchanged() throws IOException {
    start(trigger("all", TriggerFilter.ALL_EVENTS));
    CloudEvent newer =
        CanonicalEvents.withNewField(
            Events.of(EventType.MODEL_TRAINED, "newer-1"), "trainedOn", "gpu");

    assertThat(Events.post(ingressUri, newer, HttpCodec.Mode.STRUCTURED).statusCode())
        .isEqualTo(202);

    await().atMost(WAIT).until(() -> subscribers.at("all").size() == 1);
    assertThat(subscribers.at("all").getFirst().event().getData().toBytes())
        .isEqualTo(newer.getData().toBytes());
  }

  @Test
  void ingressRefusesAnExhaustedTtl() throws IOException {
    start(trigger("all", TriggerFilter.ALL_EVENTS));

    HttpResponse<String> answer =
        Events.post(
            ingressUri,
            CloudEventBuilder.from(Events.of(EventType.MODEL_TRAINED))
                .withExtension(Broker.TTL, 0)
                .build(),
            HttpCodec.Mode.BINARY);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains(Broker.TTL);
  }

  @Test
  void ingressAnswers404ForAnUnknownBrokerAnd405ForOtherMethods() throws IOException {
    start(trigger("all", TriggerFilter.ALL_EVENTS));

    HttpResponse<String> unknown =
        Events.post(
            ingressUri.resolve("/kinetic/nonexistent"),
            Events.of(EventType.MODEL_TRAINED),
            HttpCodec.Mode.BINARY);
    HttpResponse<String> get = Events.send(HttpRequest.newBuilder(ingressUri).GET().build());

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("/kinetic/nonexistent");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST, OPTIONS");
  }

  @Test
  void ingressAnswers413ForAnOversizeEvent() throws IOException {
    start(trigger("all", TriggerFilter.ALL_EVENTS));
    String csv = "amount\\n" + "1.0\\n".repeat(2000);
    HttpMessage canonical =
        HttpCodec.encode(Events.of(EventType.DATA_SUBMITTED), HttpCodec.Mode.BINARY);
    HttpMessage oversize =
        new HttpMessage(
            canonical.headers(),
            ("{\"model\":\"fraud\",\"csv\":\"" + csv + "\"}").getBytes(StandardCharsets.UTF_8));
    HttpMessage huge = new HttpMessage(canonical.headers(), new byte[200_000]);

    assertThat(Events.post(ingressUri, oversize).statusCode()).isEqualTo(413);
    assertThat(Events.post(ingressUri, huge).statusCode()).isEqualTo(413);
    assertThat(subscribers.at("all")).isEmpty();
  }

  private static void assertGaps(List<Subscribers.Received> arrivals, List<Duration> expected) {
    for (int i = 0; i < expected.size(); i++) {
      Duration gap = Duration.ofNanos(arrivals.get(i + 1).nanoTime() - arrivals.get(i).nanoTime());
      assertThat(gap)
          .as("wait before retry %d", i + 1)
          .isBetween(expected.get(i).minusMillis(5), expected.get(i).plusMillis(500));
    }
  }
}
