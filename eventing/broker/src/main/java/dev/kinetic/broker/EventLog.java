package dev.kinetic.broker;

import io.cloudevents.CloudEvent;
import java.util.concurrent.CompletionStage;
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
   * Whether {@link #append} waits for anything (a durable log's acknowledgement); a server calls a
   * log that does not on its event loop.
   */
  default boolean appendWaits() {
    return true;
  }

  /**
   * Starts handing the events {@code interest} accepts to {@code handler}. The stage the handler
   * returns completes when the event is done with (delivered or dead-lettered); only then may the
   * log forget it.
   *
   * @param ordered hand events with the same {@code partitionkey} over one at a time, in order
   */
  void subscribe(String name, Predicate<CloudEvent> interest, boolean ordered, Handler handler);

  /** Takes an event to its subscriber. */
  @FunctionalInterface
  interface Handler {
    /** Starts handling {@code event}; the stage completes when it is done with. */
    CompletionStage<?> handle(CloudEvent event);
  }

  @Override
  void close();
}
