package dev.kinetic.train;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.function.EventFunction;
import dev.kinetic.function.FunctionApplication;
import dev.kinetic.platform.store.ObjectStore;
import java.time.Clock;
import java.util.Objects;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The train function: trains, checks and publishes model versions. */
@SpringBootApplication
public class TrainApplication {

  public static void main(String[] args) {
    FunctionApplication.run(TrainApplication.class, args);
  }

  @Bean
  Training training(ObjectStore store) {
    String codeVersion =
        Objects.requireNonNullElse(
            TrainApplication.class.getPackage().getImplementationVersion(), "development");
    return new Training(store, Clock.systemUTC(), codeVersion);
  }

  @Bean
  EventFunction train(Training training, ObjectStore store, EventTemplate template) {
    return new TrainFunction(training, new Retraining(store, Clock.systemUTC()), template);
  }
}
