package dev.kinetic.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.codec.HttpCodec;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
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
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> subscribers.at("slow").size() == 3);
    assertThat(
            Events.post(ingressUri, Events.of(EventType.MODEL_TRAINED), HttpCodec.Mode.BINARY)
                .statusCode())
        .isEqualTo(202);
  }

  @Test
  void reportsAcceptedDeliveredAndLatencyAsOpenTelemetryMetrics() throws IOException {
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    try (OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build()) {
      start(
          builder -> builder.openTelemetry(otel),
          Trigger.to("all", subscribers.uri("all"), TriggerFilter.ALL_EVENTS));

      send(Events.of(EventType.MODEL_TRAINED));
      send(Events.of(EventType.MODEL_TRAINED));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> broker.stats().get("all").delivered() == 2);

      Map<String, io.opentelemetry.sdk.metrics.data.MetricData> byName =
          metrics.collectAllMetrics().stream().collect(Collectors.toMap(m -> m.getName(), m -> m));
      assertThat(byName.get("kinetic.broker.accepted").getLongSumData().getPoints())
          .singleElement()
          .satisfies(point -> assertThat(point.getValue()).isEqualTo(2));
      assertThat(byName.get("kinetic.broker.delivered").getLongSumData().getPoints())
          .singleElement()
          .satisfies(
              point -> {
                assertThat(point.getValue()).isEqualTo(2);
                assertThat(point.getAttributes().get(BrokerMetrics.TRIGGER)).isEqualTo("all");
              });
      assertThat(byName.get("kinetic.broker.delivery.latency").getHistogramData().getPoints())
          .singleElement()
          .satisfies(point -> assertThat(point.getCount()).isEqualTo(2));
    }
  }

  @Test
  void sendsEachDeliveryWithTheBearerTokenOfTheMoment() throws IOException {
    AtomicInteger minted = new AtomicInteger();
    start(
        builder -> builder.credentials(() -> "token-" + minted.incrementAndGet()),
        Trigger.to("all", subscribers.uri("all"), TriggerFilter.ALL_EVENTS));

    send(Events.of(EventType.MODEL_TRAINED));
    send(Events.of(EventType.MODEL_TRAINED));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> subscribers.at("all").size() == 2);

    assertThat(subscribers.at("all"))
        .extracting(received -> received.headers().get("Authorization"))
        .containsExactlyInAnyOrder(List.of("Bearer token-1"), List.of("Bearer token-2"));
  }

  @Test
  void eventsNoTriggerWantsTakeNoRoom() throws IOException {
    capacity = 1;
    start(
        Trigger.to(
            "drift",
            subscribers.uri("drift"),
            TriggerFilter.exact(Map.of("type", EventType.DRIFT_DETECTED.type()))));

    for (int i = 0; i < 5; i++) {
      assertThat(
              Events.post(ingressUri, Events.of(EventType.MODEL_TRAINED), HttpCodec.Mode.BINARY)
                  .statusCode())
          .isEqualTo(202);
    }
  }
}
