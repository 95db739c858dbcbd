package dev.kinetic.drift;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.data.FeedbackReceived;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.ModelScoped;
import dev.kinetic.contracts.data.Ping;
import dev.kinetic.function.EventFunction;
import dev.kinetic.function.EventSink;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code inference.logged} and {@code feedback.received} in; {@code drift.detected} or {@code
 * performance.degraded} as the reply when a write of the window finds one. A scheduled ping (and
 * the timer) writes every waiting window and sends what it finds to {@code K_SINK}.
 */
final class DriftFunction implements EventFunction {

  private static final Logger log = LoggerFactory.getLogger(DriftFunction.class);

  private final DriftMonitors monitors;
  private final EventTemplate template;
  private final EventSink sink;

  DriftFunction(DriftMonitors monitors, EventTemplate template, EventSink sink) {
    this.monitors = monitors;
    this.template = template;
    this.sink = sink;
  }

  @Override
  public Set<EventType> accepts() {
    return Set.of(EventType.INFERENCE_LOGGED, EventType.FEEDBACK_RECEIVED, EventType.PING);
  }

  @Override
  public CloudEvent apply(CloudEvent event) {
    String type = event.getType();
    if (type.equals(EventType.PING.type())) {
      Ping ping = Payloads.read(event, Ping.class);
      List<String> models = ping.model() != null ? List.of(ping.model()) : monitors.models();
      log.info("scheduled {}: evaluating {}", ping.task(), models);
      for (String model : models) {
        monitors.of(model, null).ifPresent(monitor -> events(monitor.flush()).forEach(sink::send));
      }
      return null;
    }
    List<CloudEvent> found;
    if (type.equals(EventType.INFERENCE_LOGGED.type())) {
      InferenceLogged batch = Payloads.read(event, InferenceLogged.class);
      found =
          monitors
              .of(batch.model(), batch.modelVersion())
              .map(monitor -> events(monitor.observe(event.getId(), batch)))
              .orElse(List.of());
    } else {
      FeedbackReceived feedback = Payloads.read(event, FeedbackReceived.class);
      found =
          monitors
              .of(feedback.model(), null)
              .map(monitor -> events(monitor.feedback(event.getId(), feedback)))
              .orElse(List.of());
    }
    found.stream().skip(1).forEach(sink::send);
    return found.isEmpty() ? null : found.getFirst();
  }

  /** Writes every monitor's waiting rows and sends what the writes find to {@code K_SINK}. */
  void flushAll() {
    for (DriftMonitor monitor : monitors.all()) {
      if (monitor.hasPending()) {
        events(monitor.flush()).forEach(sink::send);
      }
    }
  }

  private List<CloudEvent> events(DriftMonitor.Findings findings) {
    List<CloudEvent> events = new ArrayList<>();
    findings.drift().ifPresent(drift -> events.add(event(drift, drift.modelVersion())));
    findings.degraded().ifPresent(degraded -> events.add(event(degraded, degraded.modelVersion())));
    return events;
  }

  private CloudEvent event(ModelScoped data, String version) {
    return template.validated(
        template.builder(data).withExtension(Extensions.MODEL_VERSION, version).build());
  }
}
