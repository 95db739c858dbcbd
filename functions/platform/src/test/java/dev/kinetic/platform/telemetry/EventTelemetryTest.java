package dev.kinetic.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.InvalidEventException;
import dev.kinetic.contracts.data.ModelRolledBack;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventTelemetryTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();
  private final EventTelemetry telemetry = new EventTelemetry(otel, "registry");
  private final EventTemplate registry =
      EventTemplate.forFunction("registry", CanonicalEvents.validator());

  @AfterEach
  void close() {
    otel.close();
  }

  @Test
  void continuesTheEventsTraceAndHandsItToTheReply() {
    CloudEvent incoming = CanonicalEvents.of(EventType.MODEL_TRAINED);

    CloudEvent reply =
        telemetry.process(
            incoming, event -> registry.event(new ModelRolledBack("fraud", "v2", "v3", "test")));

    SpanData span = spans.getFinishedSpanItems().getFirst();
    assertThat(span.getName()).isEqualTo("registry process dev.kinetic.model.trained.v1");
    assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(span.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(span.getAttributes().get(EventTelemetry.MODEL)).isEqualTo("fraud");
    assertThat(span.getAttributes().get(EventTelemetry.OUTCOME)).isEqualTo("ok");
    SpanContext replyContext =
        Span.fromContext(CloudEventTracing.extract(Context.root(), reply)).getSpanContext();
    assertThat(replyContext.getTraceId()).isEqualTo(span.getTraceId());
    assertThat(replyContext.getSpanId()).isEqualTo(span.getSpanId());
  }

  @Test
  void timesEveryEventWithLowCardinalityAttributes() {
    telemetry.process(CanonicalEvents.of(EventType.MODEL_TRAINED), event -> null);
    telemetry.process(CanonicalEvents.of(EventType.MODEL_TRAINED), event -> null);

    MetricData duration =
        metrics.collectAllMetrics().stream()
            .filter(metric -> metric.getName().equals("kinetic.function.duration"))
            .findFirst()
            .orElseThrow();
    assertThat(duration.getHistogramData().getPoints())
        .singleElement()
        .satisfies(
            point -> {
              assertThat(point.getCount()).isEqualTo(2);
              assertThat(point.getAttributes().get(EventTelemetry.EVENT_TYPE))
                  .isEqualTo("dev.kinetic.model.trained.v1");
              assertThat(point.getAttributes().get(EventTelemetry.EVENT_ID)).isNull();
            });
  }

  @Test
  void marksFailuresAndRethrowsThem() {
    CloudEvent incoming = CanonicalEvents.of(EventType.MODEL_TRAINED);

    assertThatThrownBy(
            () ->
                telemetry.process(
                    incoming,
                    event -> {
                      throw new IllegalStateException("store down");
                    }))
        .hasMessage("store down");
    assertThatThrownBy(
            () ->
                telemetry.process(
                    incoming,
                    event -> {
                      throw new InvalidEventException("data", "bad");
                    }))
        .isInstanceOf(InvalidEventException.class);

    assertThat(spans.getFinishedSpanItems())
        .extracting(span -> span.getAttributes().get(EventTelemetry.OUTCOME))
        .containsExactly("error", "invalid");
    assertThat(spans.getFinishedSpanItems())
        .allSatisfy(
            span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
    assertThat(spans.getFinishedSpanItems().getFirst().getEvents())
        .extracting("name")
        .contains("exception");
  }
}
