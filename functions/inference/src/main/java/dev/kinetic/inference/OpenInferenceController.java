package dev.kinetic.inference;

import dev.kinetic.contracts.Json;
import dev.kinetic.function.security.Callers;
import dev.kinetic.inference.InferRequest.TensorData;
import dev.kinetic.inference.InferenceErrors.NotFoundException;
import dev.kinetic.inference.InferenceErrors.UnsupportedException;
import dev.kinetic.platform.model.ModelCard;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The Open Inference Protocol v2 REST API (KServe V2): health, server and model metadata, model
 * readiness and {@code infer}. A model takes one FP32 tensor {@code input} of shape [rows,
 * columns], the columns being the card's feature encoding, and gives one FP32 tensor {@code
 * output}; {@code /predict/{model}} takes features by name instead.
 */
@RestController
class OpenInferenceController {

  static final String PLATFORM = "onnx_onnxv1";
  static final String INPUT = "input";
  static final String OUTPUT = "output";
  static final String FP32 = "FP32";

  private final Inference inference;
  private final RequestBodies bodies;
  private final int maxRows;

  OpenInferenceController(
      Inference inference, RequestBodies bodies, InferenceProperties properties) {
    this.inference = inference;
    this.bodies = bodies;
    this.maxRows = properties.maxRows();
  }

  @GetMapping("/v2/health/live")
  Map<String, Boolean> live() {
    return Map.of("live", true);
  }

  @GetMapping("/v2/health/ready")
  ResponseEntity<Map<String, Boolean>> ready() {
    boolean ready =
        !inference.models().names().isEmpty()
            && inference.models().names().stream()
                .allMatch(model -> inference.models().get(model).isPresent());
    return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .body(Map.of("ready", ready));
  }

  @GetMapping("/v2")
  Map<String, Object> server() {
    return Map.of(
        "name", "kinetic-inference", "version", "2", "extensions", List.of("binary_tensor_data"));
  }

  @GetMapping({"/v2/models/{model}", "/v2/models/{model}/versions/{version}"})
  Map<String, Object> metadata(
      @PathVariable String model, @PathVariable(required = false) String version) {
    return inference.with(
        model,
        version,
        served -> {
          ModelCard card = served.card();
          Map<String, Object> metadata = new LinkedHashMap<>();
          metadata.put("name", model);
          metadata.put("versions", List.of(served.version()));
          metadata.put("platform", PLATFORM);
          metadata.put("inputs", List.of(tensor(INPUT, card.encoding().width())));
          metadata.put("outputs", List.of(tensor(OUTPUT, card.labels().size())));
          return metadata;
        });
  }

  @GetMapping({"/v2/models/{model}/ready", "/v2/models/{model}/versions/{version}/ready"})
  ResponseEntity<Map<String, Object>> modelReady(
      @PathVariable String model, @PathVariable(required = false) String version) {
    if (!inference.models().names().contains(model)) {
      throw new NotFoundException("there is no model '" + model + "' here");
    }
    boolean ready =
        inference
            .models()
            .get(model)
            .map(served -> version == null || version.equals(served.version()))
            .orElse(false);
    return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .body(Map.of("name", model, "ready", ready));
  }

  /**
   * Scores one FP32 (or FP64) tensor given in JSON or, with the binary tensor data extension, as
   * bytes after the JSON; the output comes back in JSON unless asked for in binary. Either answer
   * is written here, with its length, rather than through Spring's message converters (see {@link
   * PredictController#predict}).
   */
  @PostMapping({"/v2/models/{model}/infer", "/v2/models/{model}/versions/{version}/infer"})
  void infer(
      @PathVariable String model,
      @PathVariable(required = false) String version,
      @RequestHeader(name = "X-Request-Id", required = false) String requestId,
      @RequestHeader(name = InferRequest.HEADER_LENGTH, required = false) String headerLength,
      HttpServletRequest http,
      HttpServletResponse answer)
      throws IOException {
    InferRequest request = InferRequest.read(bodies.read(http), headerLength);
    String id =
        request.id() != null
            ? RequestIds.given(request.id(), "id")
            : RequestIds.orNew(requestId, "X-Request-Id");
    String caller = Callers.current();
    byte[] body =
        inference.with(
            model,
            version,
            served -> {
              long start = System.nanoTime();
              int width = served.card().encoding().width();
              float[] batch = batch(request, width);
              int rows = batch.length / width;
              float[] outputs = served.score(batch, rows);
              inference.recordTensors(
                  served, batch, outputs, rows, id, caller, (System.nanoTime() - start) / 1000);
              boolean binary = request.binaryOutput(OUTPUT);
              int binarySize = outputs.length * Float.BYTES;
              Map<String, Object> output = new LinkedHashMap<>();
              output.put("name", OUTPUT);
              output.put("shape", List.of(rows, outputs.length / rows));
              output.put("datatype", FP32);
              if (binary) {
                output.put("parameters", Map.of(InferRequest.BINARY_SIZE, binarySize));
              } else {
                output.put("data", outputs);
              }
              Map<String, Object> response = new LinkedHashMap<>();
              response.put("model_name", model);
              response.put("model_version", served.version());
              response.put("id", id);
              response.put("outputs", List.of(output));
              byte[] json = Json.MAPPER.writeValueAsBytes(response);
              if (!binary) {
                answer.setContentType(MediaType.APPLICATION_JSON_VALUE);
                return json;
              }
              ByteBuffer both =
                  ByteBuffer.allocate(json.length + binarySize).order(ByteOrder.LITTLE_ENDIAN);
              both.put(json).asFloatBuffer().put(outputs);
              answer.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
              answer.setHeader(InferRequest.HEADER_LENGTH, Integer.toString(json.length));
              return both.array();
            });
    answer.setContentLength(body.length);
    answer.getOutputStream().write(body);
  }

  private float[] batch(InferRequest request, int width) {
    List<InferRequest.Input> inputs = request.inputs();
    if (inputs.isEmpty()) {
      throw new InvalidInputException("inputs", "give one input tensor named '" + INPUT + "'");
    }
    if (inputs.size() > 1) {
      throw new InvalidInputException(
          "inputs", "the model takes one input tensor, got " + inputs.size());
    }
    if (request.outputs() != null) {
      for (InferRequest.Output output : request.outputs()) {
        String name = output == null ? null : output.name();
        if (!OUTPUT.equals(name)) {
          throw new InvalidInputException(
              "outputs", "the model has one output, '" + OUTPUT + "', not '" + name + "'");
        }
      }
    }
    InferRequest.Input input = inputs.getFirst();
    if (!INPUT.equals(input.name())) {
      throw new InvalidInputException(
          "inputs[0].name", "must be '" + INPUT + "', was '" + input.name() + "'");
    }
    String datatype = input.datatype() == null ? "" : input.datatype();
    if (!datatype.equals(FP32) && !datatype.equals("FP64")) {
      if (List.of("FP16", "BF16", "BYTES", "BOOL").contains(datatype)
          || datatype.matches("U?INT\\d+")) {
        throw new UnsupportedException("datatype " + datatype + " is not supported; send FP32");
      }
      throw new InvalidInputException("inputs[0].datatype", "must be FP32, was '" + datatype + "'");
    }
    JsonNode shape = input.shape();
    if (shape == null
        || !shape.isArray()
        || shape.size() != 2
        || !shape.get(0).isIntegralNumber()
        || !shape.get(1).isIntegralNumber()) {
      throw new InvalidInputException("inputs[0].shape", "must be [rows, " + width + "]");
    }
    long rows = shape.get(0).asLong();
    if (shape.get(1).asLong() != width || rows < 1) {
      throw new InvalidInputException(
          "inputs[0].shape", "must be [rows, " + width + "], was " + shape);
    }
    if (rows > maxRows) {
      throw new InvalidInputException(
          "inputs[0].shape", rows + " rows; at most " + maxRows + " per request");
    }
    TensorData data =
        input.binary() != null
            ? TensorData.decode(
                input.binary(), datatype, "inputs[0].parameters." + InferRequest.BINARY_SIZE)
            : input.data();
    if (data == null) {
      throw new InvalidInputException(
          "inputs[0].data",
          "is missing; give the values, or "
              + InferRequest.BINARY_SIZE
              + " and the values in binary after the JSON");
    }
    if (data.count() != rows * width) {
      throw new InvalidInputException(
          input.binary() != null
              ? "inputs[0].parameters." + InferRequest.BINARY_SIZE
              : "inputs[0].data",
          "has " + data.count() + " values; shape " + shape + " needs " + rows * width);
    }
    if (data.invalidAt() >= 0) {
      throw new InvalidInputException("inputs[0].data[" + data.invalidAt() + "]", data.invalid());
    }
    return data.values();
  }

  private static Map<String, Object> tensor(String name, int columns) {
    return Map.of("name", name, "datatype", FP32, "shape", List.of(-1, columns));
  }
}
