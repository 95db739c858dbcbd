package dev.kinetic.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.codec.HttpCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.BrokerServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Kafka stopped for 10 s while four producers keep sending: every event the broker accepted (202)
 * is delivered once Kafka is back. While Kafka is away an append waits for it (up to 30 s), so the
 * ingress answers late rather than accepting what it cannot keep.
 */
class KafkaOutageIT {

  private EmbeddedKafkaKraftBroker kafka;
  private Subscribers subscribers;

  @BeforeEach
  void start() throws Exception {
    kafka = new EmbeddedKafkaKraftBroker(1, 4);
    kafka.afterPropertiesSet();
    subscribers = new Subscribers();
  }

  @AfterEach
  void stop() {
    subscribers.close();
    kafka.destroy();
  }

  @Test
  void noAcceptedEventIsLostWhileKafkaIsAwayForTenSeconds() throws Exception {
    subscribers.answer("sink", (event, n) -> Subscribers.Answer.accepted());
    Broker broker =
        Broker.builder("kinetic", "outage")
            .eventLog(new KafkaEventLog(kafka.getBrokersAsString(), "kinetic", "outage", 4))
            .trigger(Trigger.to("sink", subscribers.uri("sink"), TriggerFilter.ALL_EVENTS))
            .validator(new EventValidator())
            .build()
            .start();
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Set<Integer> refused = ConcurrentHashMap.newKeySet();
    AtomicBoolean sending = new AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicLong slowestPostMillis =
        new java.util.concurrent.atomic.AtomicLong();
    try (broker;
        dev.kinetic.broker.BrokerServer ingress =
            dev.kinetic.broker.BrokerServer.start(
                new InetSocketAddress("127.0.0.1", 0), List.of(broker))) {
      List<Thread> producers = new java.util.ArrayList<>();
      for (int p = 0; p < 4; p++) {
        String prefix = "p" + p + "-";
        producers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; sending.get(); i++) {
                        String id = prefix + i;
                        long started = System.nanoTime();
                        int status =
                            Events.post(
                                    ingress.uriOf(broker),
                                    Events.keyed(EventType.MODEL_TRAINED, id, "fraud"),
                                    HttpCodec.Mode.BINARY)
                                .statusCode();
                        slowestPostMillis.accumulateAndGet(
                            (System.nanoTime() - started) / 1_000_000, Math::max);
                        if (status == 202) {
                          accepted.add(id);
                        } else {
                          refused.add(status);
                        }
                        Subscribers.pause(Duration.ofMillis(20));
                      }
                    }));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> subscribers.at("sink").size() >= 50);

      BrokerServer node = kafka.getCluster().brokers().values().iterator().next();
      node.shutdown();
      node.awaitShutdown();
      int acceptedBeforeOutage = accepted.size();
      Thread.sleep(10_000);
      node.startup();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> accepted.size() > acceptedBeforeOutage + 50);
      sending.set(false);
      for (Thread producer : producers) {
        producer.join();
      }

      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> new HashSet<>(subscribers.idsAt("sink")).containsAll(accepted));
    }
    System.out.printf(
        "accepted %d events, the slowest answer took %d ms, other answers %s%n",
        accepted.size(), slowestPostMillis.get(), refused);
    assertThat(slowestPostMillis.get())
        .as("an event sent while Kafka was away waited for it")
        .isGreaterThan(5_000);
    assertThat(new HashSet<>(subscribers.idsAt("sink"))).containsAll(accepted);
    assertThat(refused).as("statuses other than 202 while Kafka was away").isSubsetOf(429);
  }
}
