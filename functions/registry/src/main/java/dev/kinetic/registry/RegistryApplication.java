package dev.kinetic.registry;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.function.EventFunction;
import dev.kinetic.function.FunctionApplication;
import dev.kinetic.function.security.ApiAccess;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.platform.store.ObjectStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The registry function: the promotion gate, the champion alias and an API over versions. */
@SpringBootApplication
public class RegistryApplication {

  public static void main(String[] args) {
    FunctionApplication.run(RegistryApplication.class, args);
  }

  @Bean
  Registry registry(ObjectStore store) {
    return new Registry(store, Clock.systemUTC());
  }

  @Bean
  EventFunction registryFunction(Registry registry, EventTemplate template) {
    return new RegistryFunction(registry, template);
  }

  /** Reading and changing the registry needs scope {@code admin}. */
  @Bean
  ApiAccess apiAccess() {
    return ApiAccess.builder().require(Scopes.ADMIN, "/models/**").build();
  }
}
