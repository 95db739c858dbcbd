package dev.kinetic.local;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.kinetic.broker.Broker;
import dev.kinetic.contracts.EventType;
import dev.kinetic.local.manifest.PingSourceManifest;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires a PingSource of the manifests into its Broker at each time of its cron schedule, as
 * Knative's ping adapter does: type {@code dev.knative.sources.ping}, source {@code
 * /apis/v1/namespaces/<ns>/pingsources/<name>}, the manifest's data as JSON.
 */
final class PingSchedule implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PingSchedule.class);
  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("ping-", 0).factory());

  void start(PingSourceManifest ping, Broker broker) {
    ExecutionTime times = ExecutionTime.forCron(CRON.parse(ping.schedule()));
    scheduleNext(ping, broker, times);
    log.info("PingSource {} fires on '{}' into {}", ping.name(), ping.schedule(), broker.path());
  }

  private void scheduleNext(PingSourceManifest ping, Broker broker, ExecutionTime times) {
    ZonedDateTime now = ZonedDateTime.now(ZoneId.of(ping.timezone()));
    times
        .timeToNextExecution(now)
        .ifPresent(
            wait ->
                timer.schedule(
                    () -> {
                      fire(ping, broker);
                      scheduleNext(ping, broker, times);
                    },
                    Math.max(1, wait.toMillis()),
                    TimeUnit.MILLISECONDS));
  }

  private static void fire(PingSourceManifest ping, Broker broker) {
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(URI.create(ping.source()))
            .withType(EventType.PING.type())
            .withTime(java.time.OffsetDateTime.now())
            .withDataContentType("application/json")
            .withData(ping.data().getBytes(StandardCharsets.UTF_8))
            .build();
    try {
      broker.publish(event);
    } catch (RuntimeException e) {
      log.warn("PingSource {}: the broker refused its event: {}", ping.name(), e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
