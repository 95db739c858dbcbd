package dev.kinetic.function;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.data.ModelPromoted;
import dev.kinetic.contracts.data.ModelRejected;
import dev.kinetic.platform.UnprocessableException;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.ObjectStore;
import io.cloudevents.CloudEvent;
import java.util.Set;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A function for testing the endpoint: turns {@code model.promoted} into {@code model.rejected},
 * answers {@code model.rolledback} with no reply, and fails as the promoted reason asks.
 */
@SpringBootApplication
public class EchoApplication {

  @Bean
  ObjectStore store() {
    return new InMemoryObjectStore();
  }

  @Bean
  EventFunction echo(EventTemplate template) {
    return new EventFunction() {
      @Override
      public Set<EventType> accepts() {
        return Set.of(EventType.MODEL_PROMOTED, EventType.MODEL_ROLLED_BACK);
      }

      @Override
      public CloudEvent apply(CloudEvent event) {
        if (event.getType().equals(EventType.MODEL_ROLLED_BACK.type())) {
          return null;
        }
        ModelPromoted promoted = Payloads.read(event, ModelPromoted.class);
        switch (promoted.reason()) {
          case "unprocessable" -> throw new UnprocessableException("model", "no such model");
          case "crash" -> throw new IllegalStateException("disk on fire");
          default -> {}
        }
        return template.event(
            new ModelRejected(promoted.model(), promoted.version(), null, promoted.gate(), "echo"));
      }
    };
  }
}
