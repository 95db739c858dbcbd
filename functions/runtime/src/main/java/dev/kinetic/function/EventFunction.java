package dev.kinetic.function;

import dev.kinetic.contracts.EventType;
import io.cloudevents.CloudEvent;
import java.util.Set;
import java.util.function.Function;

/**
 * A Kinetic function: a Spring Cloud Function from a validated CloudEvent to its reply event, or
 * {@code null} for no reply. It declares the event types it takes, so any other type is refused
 * with a 400 naming {@code type} before it runs.
 *
 * <p>Throw {@link dev.kinetic.platform.UnprocessableException} for a payload that can never be
 * processed (answered 422, dead-lettered at once); any other exception is answered 500, which a
 * broker retries.
 */
public interface EventFunction extends Function<CloudEvent, CloudEvent> {

  Set<EventType> accepts();
}
