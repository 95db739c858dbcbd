package dev.kinetic.inference;

import static dev.kinetic.function.ScopeAssertions.assertNeeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.data.InferenceCompleted;
import dev.kinetic.contracts.data.InferenceRequested;
import dev.kinetic.examples.ExampleData;
import dev.kinetic.examples.FraudData;
import dev.kinetic.examples.HousePricesData;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.InMemoryStoreConfiguration;
import dev.kinetic.function.TestTokens;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.scoring.OnnxModel;
import dev.kinetic.train.ExampleModels;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"kinetic.inference.max-rows=100", "kinetic.inference.refresh-interval=1h"})
@Import({InMemoryStoreConfiguration.class, TestTokens.Issuer.class})
class InferenceHttpTest {

  @LocalServerPort int port;
  @Autowired ObjectStore store;
  @Autowired ServingModels serving;
  FunctionClient client;

  @BeforeEach
  void setUp() {
    client = new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"));
  }

  /** Trains a version of {@code data}'s model and makes it the champion. */
  String champion(ExampleData data, long seed) throws Exception {
    return champion(data, seed, "");
  }

  /** As {@link #champion(ExampleData, long)}, with YAML appended to the example's spec. */
  String champion(ExampleData data, long seed, String extra) throws Exception {
    ExampleModels.storeSpec(store, data, extra);
    String version = ExampleModels.champion(store, data, 1500, seed).version();
    serving.refresh();
    return version;
  }

  FunctionClient.Response postJson(String path, Object body) {
    return client.post(
        path, Map.of("content-type", "application/json"), Json.MAPPER.writeValueAsBytes(body));
  }

  /** An {@code inference.requested} event scoring one small point-of-sale transaction. */
  static CloudEvent requested(String requestId) {
    return CloudEventBuilder.v1()
        .withId(UUID.randomUUID().toString())
        .withSource(URI.create("/transactions"))
        .withType(EventType.INFERENCE_REQUESTED.type())
        .withData(
            "application/json",
            Payloads.write(
                new InferenceRequested(
                    "fraud", null, requestId, List.of(transaction(10.0, "pos")), null)))
        .build();
  }

  static Map<String, Object> transaction(Object amount, String channel) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("amount", amount);
    row.put("hour", 3);
    row.put("country", "DE");
    row.put("channel", channel);
    row.put("merchant_risk", 0.9);
    return row;
  }

  @Test
  void predictsByFeatureNameWhatTheOnnxSessionComputes() throws Exception {
    String version = champion(new FraudData(), 1);
    List<Map<String, Object>> instances =
        List.of(transaction(20.0, "pos"), transaction(5000.0, "online"));

    FunctionClient.Response response =
        client.post(
            "/predict/fraud",
            Map.of("content-type", "application/json", "X-Request-Id", "req-7"),
            Json.MAPPER.writeValueAsBytes(Map.of("instances", instances)));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode body = response.json();
    assertThat(body.get("modelVersion").asString()).isEqualTo(version);
    assertThat(body.get("requestId").asString()).isEqualTo("req-7");
    assertThat(response.headers().get("x-request-id")).isEqualTo("req-7");
    assertThat(response.headers())
        .as("the answer goes out with its length, in one write, not chunked")
        .containsEntry("content-length", Integer.toString(response.body().length))
        .doesNotContainKey("transfer-encoding");
    ModelCard card = new ModelStore(store).card("fraud", version).orElseThrow();
    float[] expected;
    try (OnnxModel onnx =
        OnnxModel.load(
            new ModelStore(store).load("fraud", version).orElseThrow().onnx(),
            card.encoding().width())) {
      expected = onnx.score(card.encoding().encodeFloats(instances), 2);
    }
    for (int r = 0; r < 2; r++) {
      JsonNode probabilities = body.get("predictions").get(r).get("probabilities");
      for (int j = 0; j < card.labels().size(); j++) {
        JsonNode probability = probabilities.get(card.labels().get(j));
        assertThat(probability.asDouble())
            .isCloseTo(expected[r * card.labels().size() + j], within(1e-6))
            .as("a float's digits, not the seventeen of the double it widens to")
            .isEqualTo(Double.parseDouble(Float.toString(probability.floatValue())));
      }
    }
    assertThat(body.get("predictions").get(1).get("label").asString()).isEqualTo("fraud");
    // No K_SINK here: the decision log spills, and every decision is there under its request id.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(spilledCallers())
                    .as("the token's subject asked")
                    .containsEntry("req-7/0", "test")
                    .containsEntry("req-7/1", "test"));
  }

  /** Who asked for each decision spilled so far, by request id. */
  Map<String, String> spilledCallers() {
    Map<String, String> callers = new LinkedHashMap<>();
    for (var object : store.list("audit-spill/")) {
      Json.MAPPER
          .readValue(
              store.get(object.key()).orElseThrow().readAllBytes(),
              dev.kinetic.contracts.data.InferenceLogged.class)
          .decisions()
          .forEach(d -> callers.put(d.requestId(), String.valueOf(d.caller())));
    }
    return callers;
  }

  @Test
  void predictsRegressionValuesInTheLabelsUnit() throws Exception {
    champion(new HousePricesData(), 2);

    FunctionClient.Response response =
        postJson(
            "/predict/house-prices",
            Map.of(
                "instances",
                List.of(
                    Map.of("area_m2", 120, "rooms", 5, "age_years", 10, "district", "centre"))));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    // 50,000 + 2,000 x 120 + 10,000 x 5 - 600 x 10 + 60,000 = 394,000 by the generator's formula
    assertThat(response.json().get("predictions").get(0).get("value").asDouble())
        .isCloseTo(394_000, within(40_000.0));
  }

  @Test
  void namesTheInstanceAndFeatureOfBadInput() throws Exception {
    champion(new FraudData(), 3);
    Map<String, Object> missing = transaction(10.0, "pos");
    missing.remove("hour");
    Map<String, Object> withNull = transaction(10.0, "pos");
    withNull.put("amount", null);

    assertThat(predictError(List.of(transaction(10.0, "pos"), missing)))
        .isEqualTo("instances[1].hour: is missing");
    assertThat(predictError(List.of(transaction("ten", "pos"))))
        .isEqualTo("instances[0].amount: must be a number, was the string 'ten'");
    assertThat(predictError(List.of(transaction(10.0, "teleport"))))
        .isEqualTo("instances[0].channel: 'teleport' is not one of [online, pos, atm]");
    assertThat(predictError(List.of(withNull))).isEqualTo("instances[0].amount: is missing");
    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add(transaction(10.0, "pos"));
    }
    assertThat(predictError(many)).contains("101 instances; at most 100");
    // An unknown country is mapped to "unknown", as the spec says: no error.
    Map<String, Object> elsewhere = transaction(10.0, "pos");
    elsewhere.put("country", "NZ");
    assertThat(postJson("/predict/fraud", Map.of("instances", List.of(elsewhere))).status())
        .isEqualTo(200);
  }

  @Test
  void namesEveryProblemOfARequestInOneAnswer() throws Exception {
    String version = champion(new FraudData(), 14);
    Map<String, Object> twoWrong = transaction("ten", "teleport");
    Map<String, Object> missing = transaction(10.0, "pos");
    missing.remove("hour");
    List<Map<String, Object>> instances =
        List.of(twoWrong, transaction(10.0, "pos"), missing, transaction("not-a-number", "pos"));
    FunctionClient.Response response =
        postJsonWithBare(
            "/predict/fraud", Map.of("instances", instances), "\"not-a-number\"", "NaN");

    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.json().get("error").asString())
        .isEqualTo(
            "instances[0].amount: must be a number, was the string 'ten'; instances[0].channel:"
                + " 'teleport' is not one of [online, pos, atm]; instances[2].hour: is missing;"
                + " instances[3].amount: NaN is not a finite number");
    assertThat(locations(response.json().get("violations")))
        .containsExactly(
            "instances[0].amount",
            "instances[0].channel",
            "instances[2].hour",
            "instances[3].amount");
    assertThat(response.json().get("violations").get(2).get("reason").asString())
        .isEqualTo("is missing");

    // Past five the message counts the rest; past a hundred the answer lists the first hundred.
    List<Map<String, Object>> allWrong = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      allWrong.add(transaction("ten", "teleport"));
    }
    FunctionClient.Response many = postJson("/predict/fraud", Map.of("instances", allWrong));
    assertThat(many.json().get("error").asString()).endsWith("; and 95 more (see violations)");
    assertThat(many.json().get("violations").size()).isEqualTo(InvalidInputException.MAX_REPORTED);
    assertThat(many.json().get("violations").get(99).get("location").asString())
        .isEqualTo("instances[49].channel");

    // Infinity in a tensor, the same way.
    int width = new ModelStore(store).card("fraud", version).orElseThrow().encoding().width();
    float[] row = new float[width];
    row[1] = 123_456f;
    FunctionClient.Response infer =
        postJsonWithBare(
            "/v2/models/fraud/infer",
            input("input", "FP32", List.of(1, width), row),
            "123456.0",
            "-Infinity");
    assertThat(infer.status()).as(infer.toString()).isEqualTo(400);
    assertThat(infer.json().get("error").asString())
        .isEqualTo("inputs[0].data[1]: -Infinity is not a finite number");

    // By event: the same problems, located in the event's data.
    CloudEvent event =
        CloudEventBuilder.v1(requested(null))
            .withData(
                "application/json",
                Payloads.write(new InferenceRequested("fraud", null, null, instances, null)))
            .build();
    FunctionClient.Response byEvent = client.send(event, HttpCodec.Mode.BINARY);
    assertThat(byEvent.status()).as(byEvent.toString()).isEqualTo(422);
    assertThat(locations(byEvent.json().get("violations")))
        .containsExactly(
            "data.instances[0].amount",
            "data.instances[0].channel",
            "data.instances[2].hour",
            "data.instances[3].amount");
  }

  /**
   * Posts {@code body} as JSON with {@code placeholder} replaced by {@code bare}: {@code NaN} or
   * {@code Infinity}, which are not JSON but are what Python's json.dumps writes for such floats.
   */
  private FunctionClient.Response postJsonWithBare(
      String path, Object body, String placeholder, String bare) {
    String json = Json.MAPPER.writeValueAsString(body).replace(placeholder, bare);
    return client.post(
        path, Map.of("content-type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> locations(JsonNode violations) {
    List<String> locations = new ArrayList<>();
    violations.forEach(v -> locations.add(v.get("location").asString()));
    return locations;
  }

  @Test
  void refusesARequestIdTooLongToRecordItsDecisionUnder() throws Exception {
    String version = champion(new FraudData(), 13);
    int width = new ModelStore(store).card("fraud", version).orElseThrow().encoding().width();
    String tooLong = "r".repeat(RequestIds.MAX_LENGTH + 1);
    byte[] instances =
        Json.MAPPER.writeValueAsBytes(Map.of("instances", List.of(transaction(10.0, "pos"))));

    FunctionClient.Response byHeader =
        client.post(
            "/predict/fraud",
            Map.of("content-type", "application/json", "X-Request-Id", tooLong),
            instances);
    assertThat(byHeader.status()).as(byHeader.toString()).isEqualTo(400);
    assertThat(byHeader.json().get("error").asString())
        .isEqualTo("X-Request-Id: is 201 characters long; at most 200");

    Map<String, Object> infer =
        new HashMap<>(input("input", "FP32", List.of(1, width), new float[width]));
    infer.put("id", tooLong);
    FunctionClient.Response byId = postJson("/v2/models/fraud/infer", infer);
    assertThat(byId.status()).as(byId.toString()).isEqualTo(400);
    assertThat(byId.json().get("error").asString())
        .isEqualTo("id: is 201 characters long; at most 200");
    infer.put("id", " ");
    assertThat(postJson("/v2/models/fraud/infer", infer).json().get("error").asString())
        .isEqualTo("id: is blank; leave it out or give an id");

    FunctionClient.Response byEvent = client.send(requested(tooLong), HttpCodec.Mode.BINARY);
    assertThat(byEvent.status()).as(byEvent.toString()).isEqualTo(422);
    assertThat(byEvent.json().get("violations").get(0).get("location").asString())
        .isEqualTo("data.requestId");
    CloudEvent longEventId = CloudEventBuilder.v1(requested(null)).withId(tooLong).build();
    FunctionClient.Response byEventId = client.send(longEventId, HttpCodec.Mode.STRUCTURED);
    assertThat(byEventId.status()).as(byEventId.toString()).isEqualTo(400);
    assertThat(byEventId.json().get("violations").get(0).get("location").asString())
        .isEqualTo("id");
  }

  String predictError(List<Map<String, Object>> instances) {
    FunctionClient.Response response = postJson("/predict/fraud", Map.of("instances", instances));
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    return response.json().get("error").asString();
  }

  @Test
  void speaksTheOpenInferenceProtocol() throws Exception {
    String version = champion(new FraudData(), 4);
    ModelCard card = new ModelStore(store).card("fraud", version).orElseThrow();
    int width = card.encoding().width();

    assertThat(client.get("/v2/health/live").json().get("live").asBoolean()).isTrue();
    assertThat(client.get("/v2").json().get("name").asString()).isEqualTo("kinetic-inference");
    JsonNode metadata = client.get("/v2/models/fraud").json();
    assertThat(metadata.get("platform").asString()).isEqualTo("onnx_onnxv1");
    assertThat(metadata.get("versions").get(0).asString()).isEqualTo(version);
    assertThat(metadata.get("inputs").get(0).get("shape").get(1).asInt()).isEqualTo(width);
    assertThat(client.get("/v2/models/fraud/ready").json().get("ready").asBoolean()).isTrue();
    assertThat(client.get("/v2/models/fraud/versions/" + version + "/ready").status())
        .isEqualTo(200);

    float[] row = card.encoding().encodeFloats(List.of(transaction(50.0, "online")));
    List<List<Float>> nested = List.of(floats(row), floats(row));
    Map<String, Object> request =
        Map.of(
            "id", "42",
            "inputs",
                List.of(
                    Map.of(
                        "name",
                        "input",
                        "shape",
                        List.of(2, width),
                        "datatype",
                        "FP32",
                        "data",
                        nested)),
            "outputs", List.of(Map.of("name", "output")));
    FunctionClient.Response infer =
        postJson("/v2/models/fraud/versions/" + version + "/infer", request);

    assertThat(infer.status()).as(infer.toString()).isEqualTo(200);
    assertThat(infer.headers())
        .containsEntry("content-length", Integer.toString(infer.body().length))
        .doesNotContainKey("transfer-encoding");
    JsonNode answer = infer.json();
    assertThat(answer.get("id").asString()).isEqualTo("42");
    assertThat(answer.get("model_name").asString()).isEqualTo("fraud");
    assertThat(answer.get("model_version").asString()).isEqualTo(version);
    JsonNode output = answer.get("outputs").get(0);
    assertThat(output.get("name").asString()).isEqualTo("output");
    assertThat(output.get("datatype").asString()).isEqualTo("FP32");
    assertThat(output.get("shape").toString()).isEqualTo("[2," + card.labels().size() + "]");
    assertThat(output.get("data").size()).isEqualTo(2 * card.labels().size());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(spilledCallers()).containsEntry("42/1", "test"));

    Map<String, Object> flat = input("input", "FP32", List.of(1, width), floats(row));
    FunctionClient.Response generated = postJson("/v2/models/fraud/infer", flat);
    assertThat(generated.status()).isEqualTo(200);
    assertThat(generated.json().get("id").asString()).isNotBlank();
  }

  @Test
  void answersOpenInferenceErrorsWithTheirCodes() throws Exception {
    String version = champion(new FraudData(), 5);
    int width = new ModelStore(store).card("fraud", version).orElseThrow().encoding().width();

    assertThat(client.get("/v2/models/nope").status()).isEqualTo(404);
    assertThat(client.get("/v2/models/fraud/versions/v0").status()).isEqualTo(404);
    assertThat(errorOf(input("input", "FP32", List.of(1, width + 1), new float[width + 1])))
        .isEqualTo(400);
    assertThat(errorOf(input("x", "FP32", List.of(1, width), new float[width]))).isEqualTo(400);
    assertThat(errorOf(input("input", "INT32", List.of(1, width), new int[width]))).isEqualTo(501);
    assertThat(errorOf(input("input", "FP32", List.of(2, width), new float[width]))).isEqualTo(400);
    FunctionClient.Response notJson =
        client.post(
            "/v2/models/fraud/infer",
            Map.of("content-type", "application/json"),
            "{".getBytes(StandardCharsets.UTF_8));
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().has("error")).isTrue();
  }

  int errorOf(Map<String, Object> request) {
    FunctionClient.Response response = postJson("/v2/models/fraud/infer", request);
    assertThat(response.json().get("error").asString()).isNotBlank();
    return response.status();
  }

  static Map<String, Object> input(String name, String datatype, List<Integer> shape, Object data) {
    return Map.of(
        "inputs",
        List.of(Map.of("name", name, "datatype", datatype, "shape", shape, "data", data)));
  }

  static List<Float> floats(float[] values) {
    List<Float> list = new ArrayList<>();
    for (float v : values) {
      list.add(v);
    }
    return list;
  }

  @Test
  void explainsALinearClassifierExactly() throws Exception {
    String version = champion(new FraudData(), 10);
    Map<String, Object> instance = transaction(900.0, "online");

    FunctionClient.Response response =
        postJson("/predict/fraud", Map.of("instances", List.of(instance), "explain", true));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode prediction = response.json().get("predictions").get(0);
    assertThat(response.json().get("explanationMethod").asString()).startsWith("linear");
    ModelCard card = new ModelStore(store).card("fraud", version).orElseThrow();
    int label = card.labels().indexOf(prediction.get("label").asString());
    double[] atX;
    double[] atBaseline;
    try (OnnxModel onnx = onnx(version)) {
      atX = centredLogits(onnx.score(card.encoding().encodeFloats(List.of(instance)), 1));
      atBaseline = centredLogits(onnx.score(toFloats(Explainer.baseline(card)), 1));
    }
    double sum = sum(prediction.get("attributions"));
    assertThat(prediction.get("attributions").propertyNames())
        .containsExactlyInAnyOrder("amount", "hour", "country", "channel", "merchant_risk");
    assertThat(sum).isCloseTo(atX[label] - atBaseline[label], within(1e-3));
  }

  @Test
  void explainsARegressionInTheLabelsUnit() throws Exception {
    String version = champion(new HousePricesData(), 11);
    Map<String, Object> house =
        Map.of("area_m2", 150, "rooms", 6, "age_years", 3, "district", "west");

    FunctionClient.Response response =
        postJson("/predict/house-prices", Map.of("instances", List.of(house), "explain", true));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    ModelCard card = new ModelStore(store).card("house-prices", version).orElseThrow();
    double expected;
    try (OnnxModel onnx = onnx("house-prices", version)) {
      float atX = onnx.score(card.encoding().encodeFloats(List.of(house)), 1)[0];
      float atBaseline = onnx.score(toFloats(Explainer.baseline(card)), 1)[0];
      expected = card.labelScaling().restore(atX) - card.labelScaling().restore(atBaseline);
    }
    double sum = sum(response.json().get("predictions").get(0).get("attributions"));
    assertThat(sum).isCloseTo(expected, within(Math.abs(expected) * 1e-4 + 1));
  }

  @Test
  void refusesToExplainANonLinearModel() throws Exception {
    champion(new FraudData(), 12, "trainer: {algorithm: factorization-machine}");

    FunctionClient.Response response =
        postJson(
            "/predict/fraud",
            Map.of("instances", List.of(transaction(1.0, "pos")), "explain", true));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("error").asString()).contains("not a linear model");
  }

  OnnxModel onnx(String version) {
    return onnx("fraud", version);
  }

  OnnxModel onnx(String model, String version) {
    var loaded = new ModelStore(store).load(model, version).orElseThrow();
    return OnnxModel.load(loaded.onnx(), loaded.card().encoding().width());
  }

  static double sum(JsonNode attributions) {
    double sum = 0;
    for (JsonNode attribution : attributions) {
      sum += attribution.asDouble();
    }
    return sum;
  }

  static double[] centredLogits(float[] probabilities) {
    double mean = 0;
    for (float p : probabilities) {
      mean += Math.log(p) / probabilities.length;
    }
    double[] centred = new double[probabilities.length];
    for (int i = 0; i < centred.length; i++) {
      centred[i] = Math.log(probabilities[i]) - mean;
    }
    return centred;
  }

  static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  @Test
  void answersNotReadyForAModelWithoutAChampion() {
    new SpecStore(store)
        .put(new FraudData().spec().replace("name: fraud", "name: idle"), "idle.yaml");
    serving.refresh();

    assertThat(client.get("/v2/models/idle/ready").status()).isEqualTo(503);
    assertThat(client.get("/v2/health/ready").status()).isEqualTo(503);
    FunctionClient.Response predict =
        postJson("/predict/idle", Map.of("instances", List.of(transaction(1.0, "pos"))));
    assertThat(predict.status()).isEqualTo(503);
    assertThat(predict.json().get("error").asString()).contains("idle has no model loaded yet");
  }

  @Test
  void everyInferenceEndpointNeedsThePredictScopeAndHealthIsOpen() throws Exception {
    String version = champion(new FraudData(), 9);
    ModelCard card = new ModelStore(store).card("fraud", version).orElseThrow();
    float[] row = card.encoding().encodeFloats(List.of(transaction(50.0, "online")));
    Map<String, Object> infer = input("input", "FP32", List.of(1, row.length), floats(row));
    byte[] predict =
        Json.MAPPER.writeValueAsBytes(Map.of("instances", List.of(transaction(1.0, "pos"))));
    Map<String, String> json = Map.of("content-type", "application/json");
    CloudEvent requested = requested("r-2");

    assertNeeds(client, "GET /v2", c -> c.get("/v2"), 200, Scopes.PREDICT);
    assertNeeds(
        client, "GET /v2/models/fraud", c -> c.get("/v2/models/fraud"), 200, Scopes.PREDICT);
    assertNeeds(
        client,
        "GET /v2/models/fraud/versions/v/ready",
        c -> c.get("/v2/models/fraud/versions/" + version + "/ready"),
        200,
        Scopes.PREDICT);
    assertNeeds(
        client,
        "POST /v2/models/fraud/infer",
        c -> c.post("/v2/models/fraud/infer", json, Json.MAPPER.writeValueAsBytes(infer)),
        200,
        Scopes.PREDICT);
    assertNeeds(
        client,
        "POST /predict/fraud",
        c -> c.post("/predict/fraud", json, predict),
        200,
        Scopes.PREDICT);
    assertNeeds(
        client,
        "POST / inference.requested",
        c -> c.send(requested, HttpCodec.Mode.BINARY),
        200,
        Scopes.PREDICT,
        Scopes.EVENTS);
    FunctionClient anonymous = client.withToken(null);
    assertThat(anonymous.get("/v2/health/live").status()).isEqualTo(200);
    // Open, but not necessarily ready: other tests here leave a model with no champion.
    assertThat(anonymous.get("/v2/health/ready").status()).isIn(200, 503);
    assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(HttpCodec.Mode.class)
  void scoresByEvent(HttpCodec.Mode mode) throws Exception {
    String version = champion(new FraudData(), 6 + mode.ordinal());
    CloudEvent request = requested("r-1");

    FunctionClient.Response response = client.send(request, mode);

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    InferenceCompleted completed = Payloads.read(response.event(), InferenceCompleted.class);
    assertThat(completed.modelVersion()).isEqualTo(version);
    assertThat(completed.requestId()).isEqualTo("r-1");
    assertThat(completed.predictions()).hasSize(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(spilledCallers())
                    .as("a request by event was asked for by the event's source")
                    .containsEntry("r-1", "/transactions"));
  }

  @Test
  void swapsVersionsUnderLoadWithoutFailingARequest() throws Exception {
    String first = champion(new FraudData(), 8);
    AtomicBoolean running = new AtomicBoolean(true);
    List<String> versions = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Integer> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<CompletableFuture<Void>> clients = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        clients.add(
            CompletableFuture.runAsync(
                () -> {
                  while (running.get()) {
                    FunctionClient.Response r =
                        postJson(
                            "/predict/fraud",
                            Map.of("instances", List.of(transaction(10.0, "pos"))));
                    if (r.status() == 200) {
                      versions.add(r.json().get("modelVersion").asString());
                    } else {
                      failures.add(r.status());
                    }
                  }
                },
                pool));
      }
      Thread.sleep(300);
      String second = champion(new FraudData(), 9);
      Thread.sleep(300);
      running.set(false);
      clients.forEach(CompletableFuture::join);

      assertThat(failures).isEmpty();
      assertThat(versions)
          .contains(first, second)
          .allMatch(v -> v.equals(first) || v.equals(second));
      assertThat(versions.getLast()).isEqualTo(second);
    }
  }
}
