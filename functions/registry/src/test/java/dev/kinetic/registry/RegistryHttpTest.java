package dev.kinetic.registry;

import static dev.kinetic.function.ScopeAssertions.assertNeeds;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.data.ModelPromoted;
import dev.kinetic.contracts.data.ModelRejected;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.HousePricesData;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.InMemoryStoreConfiguration;
import dev.kinetic.function.TestTokens;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.train.ExampleModels;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({InMemoryStoreConfiguration.class, TestTokens.Issuer.class})
class RegistryHttpTest {

  static final BlockingQueue<CloudEvent> SUNK = new LinkedBlockingQueue<>();
  static final HttpServer SINK = sink();

  static HttpServer sink() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange
                .getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
            SUNK.add(HttpCodec.decode(headers, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void sinkAddress(DynamicPropertyRegistry registry) {
    registry.add("K_SINK", () -> "http://127.0.0.1:" + SINK.getAddress().getPort() + "/");
  }

  @AfterAll
  static void stopSink() {
    SINK.stop(0);
  }

  @LocalServerPort int port;
  @Autowired ObjectStore store;
  FunctionClient client;

  @BeforeEach
  void setUp() {
    client = new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"));
    // One application context serves every test here: start each from an empty store.
    store.list("").forEach(object -> store.delete(object.key()));
    ExampleModels.storeSpec(store, new HousePricesData());
    SUNK.clear();
  }

  static CloudEvent trainedEvent(ModelTrained trained) {
    return CloudEventBuilder.v1()
        .withId(UUID.randomUUID().toString())
        .withSource(URI.create("/kinetic/train"))
        .withType(EventType.MODEL_TRAINED.type())
        .withData("application/json", Payloads.write(trained))
        .build();
  }

  /** A trained version the store has no files for. */
  static ModelTrained ghost() {
    return new ModelTrained(
        "house-prices",
        "v-ghost",
        "models/house-prices/v-ghost/model.onnx",
        "models/house-prices/v-ghost/card.json",
        "a".repeat(64),
        Map.of("rmse", 1.0),
        new ModelTrained.Lineage(
            java.util.List.of("b".repeat(64)), null, "linear-sgd", null, 1, "x"));
  }

  FunctionClient.Response postJson(String path, String json) {
    return client.post(
        path, Map.of("content-type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void gatesTrainedVersionsAndServesTheApi() throws InterruptedException {
    ModelTrained stale =
        ExampleModels.train(store, new HousePricesData(), 1500, 1, Scenario.shifted);
    ModelTrained fresh =
        ExampleModels.train(store, new HousePricesData(), 1500, 2, Scenario.training);

    FunctionClient.Response first = client.send(trainedEvent(stale), HttpCodec.Mode.BINARY);
    FunctionClient.Response second = client.send(trainedEvent(fresh), HttpCodec.Mode.STRUCTURED);

    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.event().getType()).isEqualTo(EventType.MODEL_PROMOTED.type());
    ModelPromoted promoted = Payloads.read(second.event(), ModelPromoted.class);
    assertThat(promoted.previousVersion()).isEqualTo(stale.version());

    FunctionClient.Response list = client.get("/models/house-prices/versions");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().size()).isEqualTo(2);
    assertThat(list.json().get(1).get("champion").asBoolean()).isTrue();
    assertThat(list.json().get(1).get("metrics").has("rmse")).isTrue();

    FunctionClient.Response card = client.get("/models/house-prices/versions/" + fresh.version());
    assertThat(card.status()).isEqualTo(200);
    assertThat(card.json().get("encoding").get("columns").size()).isPositive();
    assertThat(card.json().get("lineage").get("datasetVersions").size()).isEqualTo(1);

    FunctionClient.Response rollback =
        postJson("/models/house-prices/rollback", "{\"reason\":\"canary\"}");
    assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);
    assertThat(client.get("/models/house-prices/champion").json().get("version").asString())
        .isEqualTo(stale.version());
    CloudEvent announced = SUNK.poll(10, TimeUnit.SECONDS);
    assertThat(announced).isNotNull();
    assertThat(announced.getType()).isEqualTo(EventType.MODEL_ROLLED_BACK.type());
    assertThat(announced.getSource()).hasToString("/kinetic/registry");

    FunctionClient.Response promote =
        postJson("/models/house-prices/promote", "{\"version\":\"" + fresh.version() + "\"}");
    assertThat(promote.status()).as(promote.toString()).isEqualTo(200);
    assertThat(SUNK.poll(10, TimeUnit.SECONDS).getType())
        .isEqualTo(EventType.MODEL_PROMOTED.type());
  }

  @Test
  void rejectsAWorseChallengerWithTheNumbers() {
    ExampleModels.storeSpec(
        store, new HousePricesData(), "promotion: {metric: rmse, minImprovement: 1000000}");
    client.send(
        trainedEvent(ExampleModels.train(store, new HousePricesData(), 800, 3, Scenario.training)),
        HttpCodec.Mode.BINARY);
    ModelTrained challenger =
        ExampleModels.train(store, new HousePricesData(), 800, 4, Scenario.training);

    CloudEvent reply = client.send(trainedEvent(challenger), HttpCodec.Mode.BINARY).event();

    assertThat(reply.getType()).isEqualTo(EventType.MODEL_REJECTED.type());
    ModelRejected rejected = Payloads.read(reply, ModelRejected.class);
    assertThat(rejected.gate().champion()).isNotNull();
    assertThat(rejected.gate().challenger()).isPositive();
  }

  @Test
  void answersUnknownVersionsAndImpossibleRollbacksClearly() {
    assertThat(client.get("/models/house-prices/versions/v-none").status()).isEqualTo(404);
    assertThat(client.get("/models/house-prices/champion").status()).isEqualTo(404);
    FunctionClient.Response promote =
        postJson("/models/house-prices/promote", "{\"version\":\"v-none\"}");
    assertThat(promote.status()).isEqualTo(404);
    assertThat(promote.toString()).contains("has no version v-none");
    FunctionClient.Response rollback = postJson("/models/house-prices/rollback", "{}");
    assertThat(rollback.status()).isEqualTo(409);
    assertThat(postJson("/models/house-prices/archive", "{\"keep\":0}").status()).isEqualTo(422);
  }

  @Test
  void answersATrainedEventForAnUnknownVersionWith422() {
    ModelTrained ghost = ghost();

    FunctionClient.Response response = client.send(trainedEvent(ghost), HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.toString()).contains("has no version v-ghost");
  }

  @Test
  void theRegistryApiNeedsTheAdminScopeAndTrainedEventsTheEventsScope() {
    Map<String, String> json = Map.of("content-type", "application/json");
    byte[] promote = "{\"version\":\"v-none\"}".getBytes(StandardCharsets.UTF_8);
    ModelTrained ghost = ghost();

    assertNeeds(
        client, "GET versions", c -> c.get("/models/house-prices/versions"), 200, Scopes.ADMIN);
    assertNeeds(
        client, "GET champion", c -> c.get("/models/house-prices/champion"), 404, Scopes.ADMIN);
    assertNeeds(
        client,
        "POST promote",
        c -> c.post("/models/house-prices/promote", json, promote),
        404,
        Scopes.ADMIN);
    assertNeeds(
        client,
        "POST / model.trained",
        c -> c.send(trainedEvent(ghost), HttpCodec.Mode.BINARY),
        422,
        Scopes.EVENTS);
  }
}
