package dev.kinetic.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.Json;
import dev.kinetic.examples.FraudData;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.InMemoryStoreConfiguration;
import dev.kinetic.function.TestTokens;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.scoring.OnnxModel;
import dev.kinetic.train.ExampleModels;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The Open Inference Protocol's binary tensor data extension on {@code infer}: tensors as
 * little-endian bytes after the JSON, in the request, the response or both, and every way the
 * lengths can disagree.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kinetic.inference.max-rows=100",
      "kinetic.inference.refresh-interval=1h",
      "kinetic.inference.max-body-size=64KB"
    })
@Import({InMemoryStoreConfiguration.class, TestTokens.Issuer.class})
class BinaryTensorTest {

  static final String INFER = "/v2/models/fraud/infer";

  @LocalServerPort int port;
  @Autowired ObjectStore store;
  @Autowired ServingModels serving;
  FunctionClient client;
  ModelCard card;
  float[] rows;

  @BeforeEach
  void setUp() throws Exception {
    client = new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"));
    ExampleModels.storeSpec(store, new FraudData());
    String version = ExampleModels.champion(store, new FraudData(), 1500, 3).version();
    serving.refresh();
    card = new ModelStore(store).card("fraud", version).orElseThrow();
    rows =
        card.encoding()
            .encodeFloats(
                List.of(
                    InferenceHttpTest.transaction(20.0, "pos"),
                    InferenceHttpTest.transaction(5000.0, "online"),
                    InferenceHttpTest.transaction(75.0, "atm")));
  }

  /** The JSON of a request whose input is {@code bytes} bytes of binary after it. */
  Map<String, Object> binaryInput(int rowCount, long bytes) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("name", "input");
    input.put("datatype", "FP32");
    input.put("shape", List.of(rowCount, card.encoding().width()));
    input.put("parameters", Map.of("binary_data_size", bytes));
    Map<String, Object> request = new HashMap<>();
    request.put("id", "bin-1");
    request.put("inputs", List.of(input));
    return request;
  }

  /** The three rows' input tensor, its values in the JSON. */
  Map<String, Object> jsonInput(Object data) {
    return Map.of(
        "name",
        "input",
        "datatype",
        "FP32",
        "shape",
        List.of(3, card.encoding().width()),
        "data",
        data);
  }

  static byte[] littleEndian(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return bytes.array();
  }

  /** Posts {@code json} followed by {@code binary}, with the header giving the JSON's length. */
  FunctionClient.Response post(Map<String, Object> json, byte[] binary) {
    byte[] header = Json.MAPPER.writeValueAsBytes(json);
    byte[] body = Arrays.copyOf(header, header.length + binary.length);
    System.arraycopy(binary, 0, body, header.length, binary.length);
    return client.post(
        INFER,
        Map.of(
            "content-type",
            "application/octet-stream",
            "Inference-Header-Content-Length",
            Integer.toString(header.length)),
        body);
  }

  float[] expected() {
    var loaded = new ModelStore(store).load("fraud", card.version()).orElseThrow();
    try (OnnxModel onnx = OnnxModel.load(loaded.onnx(), card.encoding().width())) {
      return onnx.score(rows, 3);
    }
  }

  @Test
  void scoresABinaryTensorAndAnswersInBinaryWhenAsked() {
    Map<String, Object> request = binaryInput(3, rows.length * 4L);
    request.put("parameters", Map.of("binary_data_output", true));

    FunctionClient.Response response = post(request, littleEndian(rows));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.headers().get("content-type")).startsWith("application/octet-stream");
    int jsonLength = Integer.parseInt(response.headers().get("inference-header-content-length"));
    JsonNode header = Json.MAPPER.readTree(Arrays.copyOf(response.body(), jsonLength));
    JsonNode output = header.get("outputs").get(0);
    int outputs = 3 * card.labels().size();
    assertThat(header.get("id").asString()).isEqualTo("bin-1");
    assertThat(header.get("model_version").asString()).isEqualTo(card.version());
    assertThat(output.has("data")).isFalse();
    assertThat(output.get("parameters").get("binary_data_size").asInt()).isEqualTo(outputs * 4);
    assertThat(response.body()).hasSize(jsonLength + outputs * 4);
    float[] scores = new float[outputs];
    ByteBuffer.wrap(response.body(), jsonLength, outputs * 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(scores);
    assertThat(scores).containsExactly(expected());
  }

  @Test
  void answersABinaryRequestInJsonUnlessAsked() {
    FunctionClient.Response response = post(binaryInput(3, rows.length * 4L), littleEndian(rows));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode data = response.json().get("outputs").get(0).get("data");
    float[] expected = expected();
    assertThat(data.size()).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(data.get(i).floatValue()).isEqualTo(expected[i]);
    }
  }

  @Test
  void answersAJsonRequestInBinaryWhenItsOutputAsks() {
    Map<String, Object> request =
        Map.of(
            "inputs",
            List.of(jsonInput(rows)),
            "parameters",
            Map.of("binary_data_output", false),
            "outputs",
            List.of(Map.of("name", "output", "parameters", Map.of("binary_data", true))));

    FunctionClient.Response response =
        client.post(
            INFER,
            Map.of("content-type", "application/json"),
            Json.MAPPER.writeValueAsBytes(request));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    int jsonLength = Integer.parseInt(response.headers().get("inference-header-content-length"));
    assertThat(response.body()).hasSize(jsonLength + 3 * card.labels().size() * 4);
  }

  @Test
  void announcesTheExtension() {
    assertThat(client.get("/v2").json().get("extensions").toString())
        .contains("binary_tensor_data");
  }

  @Test
  void namesWhatIsWrongWhenTheLengthsDisagree() {
    byte[] binary = littleEndian(rows);

    assertThat(error(post(binaryInput(3, binary.length + 4L), binary)))
        .contains("inputs[0].parameters.binary_data_size")
        .contains("are left in the body");
    assertThat(error(post(binaryInput(3, binary.length - 4L), binary)))
        .contains("Inference-Header-Content-Length")
        .contains("4 bytes after the JSON belong to no input");
    assertThat(error(post(binaryInput(2, binary.length), binary)))
        .contains("inputs[0].parameters.binary_data_size")
        .contains("needs " + 2 * card.encoding().width());
    assertThat(error(post(binaryInput(3, 6), Arrays.copyOf(binary, 6))))
        .contains("6 bytes is not a whole number of FP32 elements");

    byte[] header = Json.MAPPER.writeValueAsBytes(binaryInput(3, binary.length));
    FunctionClient.Response tooLong =
        client.post(
            INFER,
            Map.of("Inference-Header-Content-Length", Integer.toString(header.length + 100_000)),
            header);
    assertThat(error(tooLong)).contains("Inference-Header-Content-Length").contains("was '");
    FunctionClient.Response noHeader =
        client.post(
            INFER,
            Map.of("content-type", "application/json"),
            Json.MAPPER.writeValueAsBytes(binaryInput(3, binary.length)));
    assertThat(error(noHeader)).contains("binary tensors need the Inference-Header-Content-Length");

    Map<String, Object> both = binaryInput(3, binary.length);
    @SuppressWarnings("unchecked")
    Map<String, Object> input =
        new LinkedHashMap<>(((List<Map<String, Object>>) both.get("inputs")).get(0));
    input.put("data", rows);
    both.put("inputs", List.of(input));
    assertThat(error(post(both, binary))).contains("has both data and binary_data_size");
  }

  @Test
  void refusesANonFiniteBinaryValueByItsPosition() {
    float[] withNaN = rows.clone();
    withNaN[card.encoding().width() + 2] = Float.NaN;

    assertThat(error(post(binaryInput(3, rows.length * 4L), littleEndian(withNaN))))
        .contains("inputs[0].data[" + (card.encoding().width() + 2) + "]")
        .contains("NaN is not a finite number");
  }

  @Test
  void refusesAJsonElementThatIsNotANumberByItsPosition() {
    List<Object> data = new java.util.ArrayList<>();
    for (float value : rows) {
      data.add(value);
    }
    data.set(4, "1.5");
    Map<String, Object> request = Map.of("inputs", List.of(jsonInput(data)));
    ;

    String error =
        error(
            client.post(
                INFER,
                Map.of("content-type", "application/json"),
                Json.MAPPER.writeValueAsBytes(request)));

    assertThat(error).contains("inputs[0].data[4]").contains("the string '1.5'");
  }

  @Test
  void refusesABodyOverTheLimitWith413() {
    byte[] large = new byte[65 * 1024];

    FunctionClient.Response response =
        client.post(INFER, Map.of("content-type", "application/json"), large);
    FunctionClient.Response predict =
        client.post("/predict/fraud", Map.of("content-type", "application/json"), large);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().get("error").asString()).contains("kinetic.inference.max-body-size");
    assertThat(predict.status()).isEqualTo(413);
  }

  static String error(FunctionClient.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    return response.json().get("error").asString();
  }
}
