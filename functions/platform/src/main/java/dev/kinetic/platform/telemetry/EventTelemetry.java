package dev.kinetic.platform.telemetry;

import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.InvalidEventException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.function.UnaryOperator;

/**
 * The one place a function's event processing is instrumented: a consumer span continuing the
 * event's trace, a duration histogram with low-cardinality attributes (function, event type, model,
 * outcome), and the span's context written into the reply so the trace goes on.
 */
public final class EventTelemetry {

  static final AttributeKey<String> FUNCTION = TelemetryAttributes.FUNCTION;
  static final AttributeKey<String> MODEL = TelemetryAttributes.MODEL;
  static final AttributeKey<String> OUTCOME = TelemetryAttributes.OUTCOME;
  static final AttributeKey<String> EVENT_TYPE = TelemetryAttributes.EVENT_TYPE;
  static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
  static final AttributeKey<String> EVENT_SOURCE =
      AttributeKey.stringKey("cloudevents.event_source");

  private final String function;
  private final Tracer tracer;
  private final DoubleHistogram duration;

  public EventTelemetry(OpenTelemetry openTelemetry, String function) {
    this.function = function;
    this.tracer = openTelemetry.getTracer("dev.kinetic.platform");
    this.duration =
        openTelemetry
            .getMeter("dev.kinetic.platform")
            .histogramBuilder("kinetic.function.duration")
            .setDescription("Time a function spent processing one event")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(Telemetry.SECONDS_BUCKETS)
            .build();
  }

  /**
   * Runs {@code handler} on {@code event} inside a span, and returns its reply (or {@code null} for
   * none) carrying the span's trace context.
   */
  public CloudEvent process(CloudEvent event, UnaryOperator<CloudEvent> handler) {
    Object model = event.getExtension(Extensions.MODEL);
    Span span =
        tracer
            .spanBuilder(function + " process " + event.getType())
            .setParent(CloudEventTracing.extract(Context.current(), event))
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(FUNCTION, function)
            .setAttribute(EVENT_TYPE, event.getType())
            .setAttribute(EVENT_ID, event.getId())
            .setAttribute(EVENT_SOURCE, String.valueOf(event.getSource()))
            .setAttribute(MODEL, model == null ? "" : model.toString())
            .startSpan();
    long start = System.nanoTime();
    String outcome = "error";
    Scope scope = span.makeCurrent();
    try {
      CloudEvent reply = handler.apply(event);
      outcome = "ok";
      return reply == null
          ? null
          : CloudEventTracing.inject(Context.current(), CloudEventBuilder.from(reply)).build();
    } catch (InvalidEventException invalid) {
      outcome = "invalid";
      span.setStatus(StatusCode.ERROR, invalid.getMessage());
      throw invalid;
    } catch (RuntimeException failure) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
      throw failure;
    } finally {
      scope.close();
      span.setAttribute(OUTCOME, outcome);
      span.end();
      duration.record(
          (System.nanoTime() - start) / 1e9,
          Attributes.of(
              FUNCTION,
              function,
              EVENT_TYPE,
              event.getType(),
              MODEL,
              model == null ? "" : model.toString(),
              OUTCOME,
              outcome));
    }
  }
}
