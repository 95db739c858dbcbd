package dev.kinetic.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.examples.FraudData;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.TestTokens;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.train.ExampleModels;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class InferenceStartTest {

  @Test
  void theFirstRequestAfterAColdStartFindsTheChampionLoaded() {
    ObjectStore models = new InMemoryObjectStore();
    ExampleModels.storeSpec(models, new FraudData());
    String version = ExampleModels.champion(models, new FraudData(), 1500, 3).version();
    // Its models take 4 s to read, as a large one from S3 would.
    ObjectStore store =
        ForwardingStore.beforeReadingGraphs(models, () -> Thread.sleep(Duration.ofSeconds(4)));

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
