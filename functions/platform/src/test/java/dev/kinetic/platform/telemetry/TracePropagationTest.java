package dev.kinetic.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.contracts.codec.KafkaCodec;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TracePropagationTest {

  enum Wire {
    HTTP_BINARY(event -> http(event, HttpCodec.Mode.BINARY)),
    HTTP_STRUCTURED(event -> http(event, HttpCodec.Mode.STRUCTURED)),
    KAFKA_BINARY(TracePropagationTest::kafka);

    final UnaryOperator<CloudEvent> roundTrip;

    Wire(UnaryOperator<CloudEvent> roundTrip) {
      this.roundTrip = roundTrip;
    }
  }

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

      CloudEvent received = wire.roundTrip.apply(event);

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

  private static CloudEvent http(CloudEvent event, HttpCodec.Mode mode) {
    HttpMessage message = HttpCodec.encode(event, mode);
    return HttpCodec.decode(message.headers(), message.body());
  }

  private static CloudEvent kafka(CloudEvent event) {
    ProducerRecord<String, byte[]> record =
        KafkaCodec.encode("knative-broker-kinetic-default", event);
    return KafkaCodec.decode(
        new ConsumerRecord<>(
            record.topic(),
            0,
            0L,
            0L,
            TimestampType.CREATE_TIME,
            -1,
            record.value().length,
            record.key(),
            record.value(),
            record.headers(),
            Optional.empty()));
  }
}
