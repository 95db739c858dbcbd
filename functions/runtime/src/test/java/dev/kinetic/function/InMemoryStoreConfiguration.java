package dev.kinetic.function;

import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.ObjectStore;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Gives a function under test an in-memory object store instead of S3. */
@TestConfiguration
public class InMemoryStoreConfiguration {

  @Bean
  ObjectStore store() {
    return new InMemoryObjectStore();
  }
}
