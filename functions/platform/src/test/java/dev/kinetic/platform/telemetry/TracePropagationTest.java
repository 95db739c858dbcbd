package dev.kinetic.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import dev.kinetic.contracts.fixtures.Wire;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TracePropagationTest {

  @ParameterizedTest
  @EnumSource(Wire.class)
  void traceContextSurvivesTheWire(Wire wire) {
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
      Span span = tracing.get("test").spanBuilder("produce").startSpan();
      SpanContext sent =
          SpanContext.create(
              span.getSpanContext().getTraceId(),
              span.getSpanContext().getSpanId(),
              span.getSpanContext().getTraceFlags(),
              TraceState.builder().put("vendor", "kinetic").build());
      Context context = Context.root().with(Span.wrap(sent));
      CloudEvent event =
          CloudEventTracing.inject(
                  context, CloudEventBuilder.from(CanonicalEvents.of(EventType.MODEL_PROMOTED)))
              .build();

      CloudEvent received = wire.roundTrip(event);

      SpanContext extracted =
          Span.fromContext(CloudEventTracing.extract(Context.root(), received)).getSpanContext();
      assertThat(extracted.isRemote()).isTrue();
      assertThat(extracted.getTraceId()).isEqualTo(sent.getTraceId());
      assertThat(extracted.getSpanId()).isEqualTo(sent.getSpanId());
      assertThat(extracted.getTraceFlags()).isEqualTo(sent.getTraceFlags());
      assertThat(extracted.getTraceState().get("vendor")).isEqualTo("kinetic");
      span.end();
    }
  }
}
