package dev.kinetic.broker;

import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.InvalidEventException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * One broker: accepts valid events into its log and delivers each to the Triggers that want it.
 * Replies re-enter through {@link #publishReply} with their TTL one lower than their cause's; an
 * event whose TTL runs out is dropped with a log line and a metric, which stops reply loops.
 */
public final class Broker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Broker.class);

  /** The loop guard, as Knative's MT broker names it. */
  public static final String TTL = "knativebrokerttl";

  /** When ingress accepted the event, as Knative stamps it. */
  public static final String ARRIVAL_TIME = "knativearrivaltime";

  /** Knative's default maximum TTL. */
  public static final int DEFAULT_TTL = 255;

  private final String namespace;
  private final String name;
  private final EventLog eventLog;
  private final EventValidator validator;
  private final DeliverySpec defaults;
  private final List<Trigger> triggers;
  private final BrokerMetrics metrics;
  private final ConnectionProvider connections;
  private final Delivery delivery;
  private final List<Consumer<CloudEvent>> listeners;

  private Broker(Builder builder) {
    this.namespace = builder.namespace;
    this.name = builder.name;
    this.eventLog = Objects.requireNonNull(builder.eventLog, "an event log");
    this.validator = builder.validator;
    this.defaults = builder.delivery;
    this.triggers = List.copyOf(builder.triggers);
    this.metrics = new BrokerMetrics(builder.openTelemetry, namespace + "/" + name);
    // Keep-alive connections to the subscribers, as many as deliveries may be in flight.
    this.connections =
        ConnectionProvider.builder("broker-" + namespace + "-" + name)
            .maxConnections(1024)
            .pendingAcquireMaxCount(-1)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    this.delivery =
        new Delivery(
            HttpClient.create(connections), metrics, this::publishReply, builder.credentials);
    this.listeners = List.copyOf(builder.listeners);
    triggers.forEach(trigger -> metrics.stats(trigger.name()));
  }

  public static Builder builder(String namespace, String name) {
    return new Builder(namespace, name);
  }

  /** Starts delivering to every Trigger. */
  public Broker start() {
    for (Trigger trigger : triggers) {
      DeliverySpec spec = trigger.delivery() == null ? defaults : trigger.delivery();
      eventLog.subscribe(
          trigger.name(),
          trigger.filter()::matches,
          trigger.ordered(),
          event -> delivery.deliver(trigger, spec, event));
    }
    return this;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  /** The ingress path, {@code /<namespace>/<name>}. */
  public String path() {
    return "/" + namespace + "/" + name;
  }

  /** Whether {@link #publish} waits for its log (a durable log's acknowledgement). */
  public boolean publishWaits() {
    return eventLog.appendWaits();
  }

  public int maxDataBytes() {
    return validator.maxDataBytes();
  }

  /**
   * Accepts an event from a producer.
   *
   * @throws InvalidEventException if the event is invalid or its TTL is used up (400)
   * @throws dev.kinetic.contracts.OversizeEventException if its data is too large (413)
   * @throws LogFullException if the log is full (429)
   */
  public void publish(CloudEvent event) {
    Integer ttl = ttlOf(event);
    if (ttl != null && ttl <= 0) {
      throw new InvalidEventException(
          TTL, ttl + " is used up: the event has passed through brokers too often");
    }
    validator.validate(event);
    append(event, ttl == null ? DEFAULT_TTL : ttl);
  }

  /** Publishes a subscriber's reply to {@code cause}, one TTL lower, or drops it at zero. */
  void publishReply(CloudEvent reply, CloudEvent cause, Trigger trigger) {
    Integer causeTtl = ttlOf(cause);
    int ttl = (causeTtl == null ? DEFAULT_TTL : causeTtl) - 1;
    if (ttl <= 0) {
      metrics.dropped(trigger.name(), "ttl");
      log.warn(
          "trigger {}: reply {} ({}) to event {} dropped: {} is used up, which means a reply loop",
          trigger.name(),
          reply.getId(),
          reply.getType(),
          cause.getId(),
          TTL);
      return;
    }
    validator.validate(reply);
    append(reply, ttl);
  }

  private void append(CloudEvent event, int ttl) {
    CloudEvent accepted =
        CloudEventBuilder.from(event)
            .withExtension(TTL, ttl)
            .withExtension(ARRIVAL_TIME, OffsetDateTime.now(ZoneOffset.UTC))
            .build();
    eventLog.append(accepted);
    metrics.accepted();
    for (Consumer<CloudEvent> listener : listeners) {
      try {
        listener.accept(accepted);
      } catch (RuntimeException e) {
        log.warn("an event listener failed on {}", accepted.getId(), e);
      }
    }
  }

  private static Integer ttlOf(CloudEvent event) {
    Object ttl = event.getExtension(TTL);
    if (ttl == null) {
      return null;
    }
    try {
      return Integer.parseInt(ttl.toString().trim());
    } catch (NumberFormatException e) {
      throw new InvalidEventException(TTL, "'" + ttl + "' is not an integer");
    }
  }

  /** Counts per Trigger, in Trigger order. */
  public Map<String, TriggerStats.Snapshot> stats() {
    Map<String, TriggerStats.Snapshot> snapshot = new LinkedHashMap<>();
    triggers.forEach(t -> snapshot.put(t.name(), metrics.stats(t.name()).snapshot()));
    return snapshot;
  }

  public List<Trigger> triggers() {
    return triggers;
  }

  @Override
  public void close() {
    // The log first: a durable one must stop committing before deliveries are abandoned.
    eventLog.close();
    delivery.close();
    connections.dispose();
  }

  /** Assembles a broker; only the event log is required. */
  public static final class Builder {
    private final String namespace;
    private final String name;
    private EventLog eventLog;
    private EventValidator validator;
    private DeliverySpec delivery = DeliverySpec.NONE;
    private final List<Trigger> triggers = new ArrayList<>();
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private final List<Consumer<CloudEvent>> listeners = new ArrayList<>();
    private Supplier<String> credentials = () -> null;

    private Builder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public Builder eventLog(EventLog eventLog) {
      this.eventLog = eventLog;
      return this;
    }

    public Builder validator(EventValidator validator) {
      this.validator = validator;
      return this;
    }

    /** The broker's delivery, used by Triggers that have none of their own. */
    public Builder delivery(DeliverySpec delivery) {
      this.delivery = delivery;
      return this;
    }

    public Builder trigger(Trigger trigger) {
      if (triggers.stream().anyMatch(t -> t.name().equals(trigger.name()))) {
        throw new IllegalArgumentException("Trigger " + trigger.name() + " is declared twice");
      }
      triggers.add(trigger);
      return this;
    }

    /** Also hands every accepted event to {@code listener}, e.g. to show events as they pass. */
    public Builder listener(Consumer<CloudEvent> listener) {
      listeners.add(listener);
      return this;
    }

    /**
     * Sends every delivery with {@code Authorization: Bearer <token>}, the token asked of {@code
     * credentials} at each attempt, as Knative's broker does with Eventing OIDC on; a {@code null}
     * token sends none.
     */
    public Builder credentials(Supplier<String> credentials) {
      this.credentials = Objects.requireNonNull(credentials);
      return this;
    }

    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
      return this;
    }

    public Broker build() {
      if (validator == null) {
        validator = new EventValidator();
      }
      return new Broker(this);
    }
  }
}
