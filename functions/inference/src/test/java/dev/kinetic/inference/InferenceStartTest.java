package dev.kinetic.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.examples.FraudData;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.TestTokens;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.StoredObject;
import dev.kinetic.train.ExampleModels;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class InferenceStartTest {

  /** A store whose models take {@code delay} to read, as a large one from S3 would. */
  record SlowModels(ObjectStore store, Duration delay) implements ForwardingStore {

    @Override
    public Optional<StoredObject> get(String key) {
      if (key.endsWith(".onnx")) {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return store.get(key);
    }
  }

  @Test
  void theFirstRequestAfterAColdStartFindsTheChampionLoaded() {
    ObjectStore models = new InMemoryObjectStore();
    ExampleModels.storeSpec(models, new FraudData());
    String version = ExampleModels.champion(models, new FraudData(), 1500, 3).version();
    ObjectStore store = new SlowModels(models, Duration.ofSeconds(4));

    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(InferenceApplication.class, TestTokens.Issuer.class)
            .initializers(c -> c.getBeanFactory().registerSingleton("testStore", store))
            .run("--server.port=0", "--kinetic.inference.decisions.enabled=false")) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      FunctionClient client = new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"));

      FunctionClient.Response ready = client.get("/v2/models/fraud/versions/" + version + "/ready");

      assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    }
  }
}
