package dev.kinetic.platform.telemetry;

import dev.kinetic.contracts.Extensions;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;

/**
 * W3C trace context in and out of CloudEvents, through the {@code traceparent} and {@code
 * tracestate} extensions of the CloudEvents distributed-tracing extension. A trace thus follows an
 * event through the broker whatever the transport: HTTP headers {@code ce-traceparent}, Kafka
 * headers {@code ce_traceparent}, or a structured event's JSON.
 */
public final class CloudEventTracing {

  private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<CloudEvent> EXTENSIONS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(CloudEvent event) {
          return List.of(Extensions.TRACEPARENT, Extensions.TRACESTATE);
        }

        @Override
        public String get(CloudEvent event, String key) {
          if (event == null) {
            return null;
          }
          Object value = event.getExtension(key);
          return value == null ? null : value.toString();
        }
      };

  private CloudEventTracing() {}

  /** The context {@code event} continues, with {@code parent} as its base. */
  public static Context extract(Context parent, CloudEvent event) {
    return W3C.extract(parent, event, EXTENSIONS);
  }

  /** Writes {@code context}'s span into the builder's trace extensions. */
  public static CloudEventBuilder inject(Context context, CloudEventBuilder builder) {
    W3C.inject(context, builder, (carrier, key, value) -> carrier.withExtension(key, value));
    return builder;
  }
}
