package dev.kinetic.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.EventValidator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The conformance suite on the Kafka log, against a KRaft Kafka started in this JVM. */
class KafkaBrokerIT extends BrokerConformance {

  static EmbeddedKafkaKraftBroker kafka;

  @BeforeAll
  static void startKafka() {
    kafka = new EmbeddedKafkaKraftBroker(1, 4);
    kafka.afterPropertiesSet();
  }

  @AfterAll
  static void stopKafka() {
    kafka.destroy();
  }

  @Override
  protected EventLog newLog(String broker) {
    return new KafkaEventLog(kafka.getBrokersAsString(), NAMESPACE, broker, 4);
  }

  /** A broker on the topic of {@code name}: started twice, it is the same broker restarted. */
  private Broker startOnKafka(String name, Trigger trigger) {
    return Broker.builder(NAMESPACE, name)
        .eventLog(newLog(name))
        .trigger(trigger)
        .validator(new EventValidator())
        .build()
        .start();
  }

  @Test
  void aBrokerRestartedWhileDeliveringLosesNoAcceptedEvent() throws Exception {
    String name = "durable-" + UUID.randomUUID().toString().substring(0, 8);
    subscribers.answer(
        "slow",
        (event, n) -> {
          // slow enough that posting all of them takes less than delivering them, even on a
          // loaded machine
          Subscribers.pause(Duration.ofMillis(20));
          return Subscribers.Answer.accepted();
        });
    Trigger slow = Trigger.to("slow", subscribers.uri("slow"), TriggerFilter.ALL_EVENTS).inOrder();
    Broker first = startOnKafka(name, slow);
    int total = 300;
    try (BrokerServer server =
        BrokerServer.start(new InetSocketAddress("127.0.0.1", 0), List.of(first))) {
      for (int i = 0; i < total; i++) {
        assertThat(
                Events.post(
                        server.uriOf(first),
                        Events.keyed(EventType.MODEL_TRAINED, "e-" + i, "fraud"),
                        dev.kinetic.contracts.codec.HttpCodec.Mode.BINARY)
                    .statusCode())
            .isEqualTo(202);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> subscribers.at("slow").size() >= 20);
    }
    first.close();
    int beforeRestart = subscribers.at("slow").size();
    assertThat(beforeRestart).as("stopped while deliveries were in flight").isLessThan(total);

    Broker second = startOnKafka(name, slow);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> new HashSet<>(subscribers.idsAt("slow")).size() == total);
    } finally {
      second.close();
    }
    Set<String> delivered = new HashSet<>(subscribers.idsAt("slow"));
    assertThat(delivered).hasSize(total);
  }
}
