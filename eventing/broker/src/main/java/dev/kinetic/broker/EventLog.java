package dev.kinetic.broker;

import io.cloudevents.CloudEvent;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where a broker keeps accepted events until every interested Trigger has handled them. Each
 * subscription sees every event appended after it was made (and, in Kafka, any its consumer group
 * has not committed), at least once.
 */
public interface EventLog extends AutoCloseable {

  /**
   * Stores the event; when this returns, the event will be handed to every interested subscription,
   * even across a restart of a durable log.
   *
   * @throws LogFullException if the log cannot take more events now; nothing was stored
   */
  void append(CloudEvent event);

  /**
   * Starts handing the events {@code interest} accepts to {@code handler}. The handler returns when
   * the event is done with (delivered or dead-lettered); only then may the log forget it.
   *
   * @param ordered hand events with the same {@code partitionkey} over one at a time, in order
   */
  void subscribe(
      String name, Predicate<CloudEvent> interest, boolean ordered, Consumer<CloudEvent> handler);

  @Override
  void close();
}
