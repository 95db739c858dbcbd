package dev.kinetic.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.codec.HttpCodec;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class InMemoryBrokerTest extends BrokerConformance {

  private int capacity = 10_000;

  @Override
  protected EventLog newLog(String broker) {
    return new InMemoryEventLog(capacity, 64);
  }

  @Test
  void answers429WithRetryAfterWhenFullAndLosesNothingAccepted() throws Exception {
    capacity = 3;
    CountDownLatch release = new CountDownLatch(1);
    subscribers.answer(
        "slow",
        (event, n) -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Subscribers.Answer.accepted();
        });
    start(Trigger.to("slow", subscribers.uri("slow"), TriggerFilter.ALL_EVENTS));
    int accepted = 0;
    HttpResponse<String> refused = null;
    for (int i = 0; i < 10 && refused == null; i++) {
      HttpResponse<String> answer =
          Events.post(ingressUri, Events.of(EventType.MODEL_TRAINED), HttpCodec.Mode.BINARY);
      if (answer.statusCode() == 202) {
        accepted++;
      } else {
        refused = answer;
      }
    }

    assertThat(accepted).isEqualTo(3);
    assertThat(refused).isNotNull();
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    release.countDown();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> subscribers.at("slow").size() == 3);
    assertThat(
            Events.post(ingressUri, Events.of(EventType.MODEL_TRAINED), HttpCodec.Mode.BINARY)
                .statusCode())
        .isEqualTo(202);
  }

  @Test
  void eventsNoTriggerWantsTakeNoRoom() throws IOException {
    capacity = 1;
    start(
        Trigger.to(
            "drift",
            subscribers.uri("drift"),
            TriggerFilter.exact(java.util.Map.of("type", EventType.DRIFT_DETECTED.type()))));

    for (int i = 0; i < 5; i++) {
      assertThat(
              Events.post(ingressUri, Events.of(EventType.MODEL_TRAINED), HttpCodec.Mode.BINARY)
                  .statusCode())
          .isEqualTo(202);
    }
  }
}
