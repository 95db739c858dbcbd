package dev.kinetic.inference;

import dev.kinetic.inference.InferenceErrors.NotFoundException;
import dev.kinetic.inference.InferenceErrors.UnsupportedException;
import dev.kinetic.platform.model.ModelCard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
  private final int maxRows;

  OpenInferenceController(Inference inference, InferenceProperties properties) {
    this.inference = inference;
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
    return Map.of("name", "kinetic-inference", "version", "2", "extensions", List.of());
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

  @PostMapping({"/v2/models/{model}/infer", "/v2/models/{model}/versions/{version}/infer"})
  Map<String, Object> infer(
      @PathVariable String model,
      @PathVariable(required = false) String version,
      @RequestHeader(name = "X-Request-Id", required = false) String requestId,
      @RequestBody JsonNode request) {
    String id =
        request.path("id").isString()
            ? request.path("id").asString()
            : requestId != null ? requestId : UUID.randomUUID().toString();
    return inference.with(
        model,
        version,
        served -> {
          long start = System.nanoTime();
          int width = served.card().encoding().width();
          float[] batch = batch(request, width);
          int rows = batch.length / width;
          float[] outputs = served.score(batch, rows);
          inference.recordTensors(
              served, batch, outputs, rows, id, (System.nanoTime() - start) / 1000);
          Map<String, Object> output = new LinkedHashMap<>();
          output.put("name", OUTPUT);
          output.put("shape", List.of(rows, outputs.length / Math.max(rows, 1)));
          output.put("datatype", FP32);
          output.put("data", outputs);
          Map<String, Object> response = new LinkedHashMap<>();
          response.put("model_name", model);
          response.put("model_version", served.version());
          response.put("id", id);
          response.put("outputs", List.of(output));
          return response;
        });
  }

  private float[] batch(JsonNode request, int width) {
    JsonNode inputs = request.path("inputs");
    if (!inputs.isArray() || inputs.isEmpty()) {
      throw new InvalidInputException("inputs", "give one input tensor named '" + INPUT + "'");
    }
    if (inputs.size() > 1) {
      throw new InvalidInputException(
          "inputs", "the model takes one input tensor, got " + inputs.size());
    }
    for (JsonNode output : request.path("outputs")) {
      if (!OUTPUT.equals(output.path("name").asString(""))) {
        throw new InvalidInputException(
            "outputs",
            "the model has one output, '"
                + OUTPUT
                + "', not '"
                + output.path("name").asString("")
                + "'");
      }
    }
    JsonNode input = inputs.get(0);
    if (!INPUT.equals(input.path("name").asString(""))) {
      throw new InvalidInputException(
          "inputs[0].name",
          "must be '" + INPUT + "', was '" + input.path("name").asString("") + "'");
    }
    String datatype = input.path("datatype").asString("");
    if (!datatype.equals(FP32) && !datatype.equals("FP64")) {
      if (List.of("FP16", "BF16", "BYTES", "BOOL").contains(datatype)
          || datatype.matches("U?INT\\d+")) {
        throw new UnsupportedException("datatype " + datatype + " is not supported; send FP32");
      }
      throw new InvalidInputException("inputs[0].datatype", "must be FP32, was '" + datatype + "'");
    }
    JsonNode shape = input.path("shape");
    if (!shape.isArray()
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
    float[] batch = new float[(int) rows * width];
    int[] filled = {0};
    flatten(input.path("data"), batch, filled);
    if (filled[0] != batch.length) {
      throw new InvalidInputException(
          "inputs[0].data",
          "has " + filled[0] + " values; shape " + shape + " needs " + batch.length);
    }
    return batch;
  }

  private static void flatten(JsonNode data, float[] into, int[] filled) {
    if (data.isArray()) {
      for (JsonNode element : data) {
        flatten(element, into, filled);
      }
      return;
    }
    if (!data.isNumber()) {
      throw new InvalidInputException(
          "inputs[0].data[" + filled[0] + "]", "must be a number, was " + data);
    }
    if (filled[0] >= into.length) {
      filled[0]++;
      return;
    }
    float value = data.floatValue();
    if (!Float.isFinite(value)) {
      throw new InvalidInputException(
          "inputs[0].data[" + filled[0] + "]", value + " is not finite");
    }
    into[filled[0]++] = value;
  }

  private static Map<String, Object> tensor(String name, int columns) {
    return Map.of("name", name, "datatype", FP32, "shape", List.of(-1, columns));
  }
}
